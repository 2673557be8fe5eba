package io.jlivepatch.core.reader;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.jlivepatch.core.reader.fixtures.ArrayReceiver;
import io.jlivepatch.core.reader.fixtures.ConstructorTarget;
import io.jlivepatch.core.reader.fixtures.GreetAgain;
import io.jlivepatch.core.reader.fixtures.GreeterFix;
import io.jlivepatch.core.reader.fixtures.NoReceiver;
import io.jlivepatch.core.reader.fixtures.NoTargetClass;
import io.jlivepatch.core.reader.fixtures.NotStatic;
import io.jlivepatch.core.reader.fixtures.PrimitiveReceiver;
import io.jlivepatch.core.reader.fixtures.SlashedTarget;
import io.jlivepatch.core.reader.fixtures.TwiceInOneClass;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way a patch jar is refused. Each message must start with the jar, say what is wrong, and
 * name the entry, class or method at fault.
 */
class PatchJarReaderErrorTest {

    private static final String FIX = "io.jlivepatch.core.reader.fixtures.";

    @TempDir
    Path dir;

    // --- the file ---

    @Test
    void missingFile() {
        Path jar = dir.resolve("absent.jar");

        assertRefused(jar, "does not exist");
    }

    @Test
    void directory() {
        assertRefused(dir, "is a directory, not a jar file");
    }

    @Test
    void unreadableFile() throws Exception {
        Path jar = TestJars.patchJar(dir, GreeterFix.class);
        Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("-w-------"));
        assumeFalse(Files.isReadable(jar), "running as root: every file is readable");

        assertRefused(jar, "cannot be read: permission denied");
    }

    // --- the zip ---

    @Test
    void notAZip() throws Exception {
        assertRefused(TestJars.write(dir, "just some text\n".getBytes(UTF_8)), "is not a jar file");
    }

    @Test
    void emptyFile() throws Exception {
        assertRefused(TestJars.write(dir, new byte[0]), "is not a jar file");
    }

    @Test
    void truncatedJar() throws Exception {
        byte[] jar = Files.readAllBytes(TestJars.patchJar(dir, GreeterFix.class));

        assertRefused(TestJars.write(dir, Arrays.copyOf(jar, jar.length - 30)), "is a corrupt jar file");
        assertRefused(TestJars.write(dir, Arrays.copyOf(jar, jar.length / 2)), "is a corrupt jar file: it is truncated");
    }

    @Test
    void damagedEntry() throws Exception {
        byte[] jar = Files.readAllBytes(TestJars.patchJar(dir, GreeterFix.class));
        // The writer stores classes uncompressed, so the class file is in the jar as it is.
        byte[] classFile = TestJars.classFile(GreeterFix.class);
        int at = indexOf(jar, classFile);
        jar[at + classFile.length / 2] ^= 0x55;

        assertRefused(TestJars.write(dir, jar), "is a corrupt jar file", "CRC");
    }

    @Test
    void duplicateEntries() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("META-INF/MANIFEST.MF", TestJars.manifest("Livepatch-Name: fix"));
        entries.put("a/B.class", new byte[] {1});
        entries.put("a/C.class", new byte[] {2});
        byte[] jar = TestJars.zip(entries);
        // ZipOutputStream refuses to write a name twice, so rename the second entry afterwards.
        renameEntry(jar, "a/C.class", "a/B.class");

        assertRefused(TestJars.write(dir, jar), "is a corrupt jar file", "two entries named a/B.class");
    }

    // --- the manifest ---

    @Test
    void noManifest() throws Exception {
        byte[] jar = TestJars.zip(Map.of("a/B.class", new byte[] {1}));

        assertRefused(TestJars.write(dir, jar), "is not a patch: it has no manifest");
    }

    @Test
    void emptyZip() throws Exception {
        assertRefused(TestJars.write(dir, TestJars.zip(Map.of())), "is not a patch: it has no manifest");
    }

    @Test
    void noName() throws Exception {
        byte[] jar = TestJars.zip(List.of("Livepatch-Replace: true"), Map.of());

        assertRefused(TestJars.write(dir, jar), "is not a patch: no Livepatch-Name attribute in its manifest");
    }

    @Test
    void invalidName() throws Exception {
        byte[] jar = TestJars.zip(List.of("Livepatch-Name: two words"), Map.of());

        assertRefused(TestJars.write(dir, jar), "is not a valid patch: invalid patch name 'two words'");
    }

    @Test
    void malformedManifest() throws Exception {
        byte[] jar = TestJars.zip(Map.of("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\r\nno colon here\r\n\r\n".getBytes(UTF_8)));

        assertRefused(TestJars.write(dir, jar), "has a malformed manifest");
    }

    @Test
    void badReplaceFlag() throws Exception {
        for (String value : List.of("yes", "1", "")) {
            byte[] jar = TestJars.zip(List.of("Livepatch-Name: fix", "Livepatch-Replace: " + value), Map.of());

            assertRefused(TestJars.write(dir, jar), "has an invalid Livepatch-Replace attribute '" + value + "'",
                    "expected true or false");
        }
    }

    @Test
    void badStates() throws Exception {
        Map<String, String> cases = Map.of(
                "1:1, x", "invalid state 'x'",
                "1", "invalid state '1'",
                "1:1,", "invalid state ''",
                "0:1", "state id must be non-zero",
                "1:-1", "negative version");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            byte[] jar = TestJars.zip(List.of("Livepatch-Name: fix", "Livepatch-States: " + c.getKey()), Map.of());

            assertRefused(TestJars.write(dir, jar), "has an invalid Livepatch-States attribute '" + c.getKey() + "'",
                    c.getValue());
        }
    }

    @Test
    void stateDeclaredTwice() throws Exception {
        byte[] jar = TestJars.zip(List.of("Livepatch-Name: fix", "Livepatch-States: 3:1, 3:2"), Map.of());

        assertRefused(TestJars.write(dir, jar), "is not a valid patch", "declares state 3 twice");
    }

    // --- the class files ---

    @Test
    void malformedClassFile() throws Exception {
        byte[] jar = TestJars.zip(List.of("Livepatch-Name: fix"), Map.of("a/B.class", new byte[] {(byte) 0xCA, (byte) 0xFE}));

        assertRefused(TestJars.write(dir, jar), "has a malformed class file a/B.class");
    }

    @Test
    void classStoredUnderAnotherName() throws Exception {
        byte[] jar = TestJars.zip(List.of("Livepatch-Name: fix"), Map.of("a/B.class", TestJars.classFile(GreeterFix.class)));

        assertRefused(TestJars.write(dir, jar), "has entry a/B.class holding class " + FIX + "GreeterFix");
    }

    // --- the annotations ---

    @Test
    void replacementThatIsNotStatic() throws Exception {
        assertRefused(TestJars.patchJar(dir, NotStatic.class),
                "has a @Replace method " + FIX + "NotStatic.greet(Ljava/lang/String;)Ljava/lang/String; that is not static");
    }

    @Test
    void replaceWithoutTargetClass() throws Exception {
        assertRefused(TestJars.patchJar(dir, NoTargetClass.class),
                "has a @Replace method " + FIX + "NoTargetClass.greet(", "but its class " + FIX + "NoTargetClass has no @TargetClass");
    }

    @Test
    void primitiveReceiver() throws Exception {
        assertRefused(TestJars.patchJar(dir, PrimitiveReceiver.class),
                "has a @Replace method " + FIX + "PrimitiveReceiver.of(I)", "first parameter (int) is not a receiver",
                "isStatic = true");
    }

    @Test
    void arrayReceiver() throws Exception {
        assertRefused(TestJars.patchJar(dir, ArrayReceiver.class),
                "has a @Replace method " + FIX + "ArrayReceiver.reset(", "(" + FIX + "Greeter[]) is not a receiver");
    }

    @Test
    void noReceiver() throws Exception {
        assertRefused(TestJars.patchJar(dir, NoReceiver.class),
                "has a @Replace method " + FIX + "NoReceiver.count()I without parameters");
    }

    @Test
    void twoClassesReplaceOneMethod() throws Exception {
        assertRefused(TestJars.patchJar(dir, GreeterFix.class, GreetAgain.class),
                "has two replacements for " + FIX + "Greeter.greet(Ljava/lang/String;)Ljava/lang/String;",
                // In entry name order: GreetAgain comes before GreeterFix.
                FIX + "GreetAgain.greetDifferently(", "and " + FIX + "GreeterFix.greet(");
    }

    @Test
    void oneClassReplacesOneMethodTwice() throws Exception {
        assertRefused(TestJars.patchJar(dir, TwiceInOneClass.class),
                "has two replacements for " + FIX + "Counter.next()J",
                FIX + "TwiceInOneClass.next(", FIX + "TwiceInOneClass.nextToo(");
    }

    @Test
    void constructorTarget() throws Exception {
        assertRefused(TestJars.patchJar(dir, ConstructorTarget.class),
                "has an invalid @Replace method " + FIX + "ConstructorTarget.construct(", "constructors");
    }

    @Test
    void targetClassAsInternalName() throws Exception {
        assertRefused(TestJars.patchJar(dir, SlashedTarget.class),
                "has an invalid @TargetClass on " + FIX + "SlashedTarget", "io/jlivepatch/core/reader/fixtures/Counter");
    }

    @Test
    void bytesAreNamedByTheirDisplayName() {
        PatchFormatException e = assertThrows(PatchFormatException.class,
                () -> PatchJarReader.read("upload-7.jar", new byte[] {'x'}));

        assertEquals("upload-7.jar is not a jar file", e.getMessage());
        assertEquals("upload-7.jar", e.jar());
    }

    /** Asserts that reading {@code jar} fails with a message that starts with the jar and has every fragment. */
    static PatchFormatException assertRefused(Path jar, String... fragments) {
        PatchFormatException e = assertThrows(PatchFormatException.class, () -> PatchJarReader.read(jar));
        String message = e.getMessage();
        assertTrue(message.startsWith(jar + " "), () -> "does not start with the jar: " + message);
        assertEquals(jar.toString(), e.jar());
        for (String fragment : fragments) {
            assertTrue(message.contains(fragment), () -> "'" + fragment + "' is not in: " + message);
        }
        return e;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }

    /** Overwrites the name of an entry in both its local and central headers (same length only). */
    private static void renameEntry(byte[] zip, String from, String to) {
        byte[] a = from.getBytes(UTF_8);
        byte[] b = to.getBytes(UTF_8);
        for (int i = 0; i + a.length <= zip.length; i++) {
            if (Arrays.equals(zip, i, i + a.length, a, 0, a.length)) {
                System.arraycopy(b, 0, zip, i, b.length);
            }
        }
    }
}
