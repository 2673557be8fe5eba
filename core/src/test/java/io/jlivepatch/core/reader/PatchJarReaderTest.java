package io.jlivepatch.core.reader;

import static io.jlivepatch.core.reader.TestJars.FIXTURES;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlivepatch.core.model.MethodRef;
import io.jlivepatch.core.model.Patch;
import io.jlivepatch.core.model.PatchFunc;
import io.jlivepatch.core.model.PatchObject;
import io.jlivepatch.core.model.Replacement;
import io.jlivepatch.core.model.SystemState;
import io.jlivepatch.core.reader.fixtures.Counter;
import io.jlivepatch.core.reader.fixtures.CounterFix;
import io.jlivepatch.core.reader.fixtures.Greeter;
import io.jlivepatch.core.reader.fixtures.GreeterFix;
import io.jlivepatch.core.reader.fixtures.GreeterResetFix;
import io.jlivepatch.core.reader.fixtures.Phrases;
import io.jlivepatch.core.reader.fixtures.TargetOnly;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading well-formed patch jars: funcs inferred from the annotations, classes, identity, hash. */
class PatchJarReaderTest {

    private static final String GREETER = FIXTURES + "Greeter";
    private static final String GREETER_FIX = FIXTURES + "GreeterFix";
    private static final String G = "Lio/jlivepatch/core/reader/fixtures/Greeter;";
    private static final String S = "Ljava/lang/String;";

    @TempDir
    Path dir;

    @Test
    void instanceReplacementDropsTheReceiverFromTheTargetDescriptor() throws Exception {
        PatchFunc func = greeterFuncs().get(0);

        assertEquals(new MethodRef("greet", "(" + S + ")" + S), func.method());
        assertEquals(new Replacement(GREETER_FIX, new MethodRef("greet", "(" + G + S + ")" + S)), func.replacement());
    }

    @Test
    void staticReplacementKeepsTheDescriptor() throws Exception {
        PatchFunc func = greeterFuncs().get(2);

        assertEquals(new MethodRef("count", "()I"), func.method());
        assertEquals(new MethodRef("count", "()I"), func.replacement().method());
    }

    @Test
    void overloadsAreToldApartByDescriptor() throws Exception {
        List<PatchFunc> funcs = greeterFuncs();

        assertEquals(new MethodRef("greet", "(" + S + ")" + S), funcs.get(0).method());
        assertEquals(new MethodRef("greet", "(" + S + "I)" + S), funcs.get(1).method());
        assertEquals(new MethodRef("greet", "(" + G + S + "I)" + S), funcs.get(1).replacement().method());
    }

    @Test
    void replaceValueNamesTheTargetMethod() throws Exception {
        PatchFunc func = greeterFuncs().get(3);

        assertEquals(new MethodRef("hello", "()" + S), func.method());
        assertEquals("politeHello", func.replacement().method().name());
    }

    @Test
    void nameOverrideWorksForStaticTargetsToo() throws Exception {
        Patch patch = PatchJarReader.read(TestJars.patchJar(dir, CounterFix.class));

        PatchFunc of = patch.object(FIXTURES + "Counter").funcs().get(1);
        assertEquals(new MethodRef("of", "(I)L" + Counter.class.getName().replace('.', '/') + ";"), of.method());
        assertEquals("startingAt", of.replacement().method().name());
    }

    @Test
    void onlyReplaceMethodsBecomeFuncsInMethodOrder() throws Exception {
        List<String> names = greeterFuncs().stream().map(f -> f.method().name()).toList();

        assertEquals(List.of("greet", "greet", "count", "hello"), names);
    }

    @Test
    void classesTargetingOneClassMergeIntoOneObjectOrderedByEntryName() throws Exception {
        // Given out of order: the reader goes by jar entry name, not by how the jar was zipped.
        Path jar = TestJars.patchJar(dir, GreeterResetFix.class, CounterFix.class, GreeterFix.class);

        Patch patch = PatchJarReader.read(jar);

        assertEquals(List.of(FIXTURES + "Counter", GREETER), patch.objects().stream().map(PatchObject::className).toList());
        PatchObject greeter = patch.object(GREETER);
        assertEquals(List.of("greet", "greet", "count", "hello", "reset"),
                greeter.funcs().stream().map(f -> f.method().name()).toList());
        assertEquals(FIXTURES + "GreeterResetFix", greeter.funcs().get(4).replacement().className());
        assertFalse(greeter.dynamic());
    }

    @Test
    void everyClassOfTheJarIsInThePatchByBinaryName() throws Exception {
        Patch patch = PatchJarReader.read(TestJars.patchJar(dir, GreeterFix.class, Phrases.class, Greeter.class));

        assertEquals(Set.of(GREETER_FIX, FIXTURES + "Phrases", GREETER), patch.classes().keySet());
        assertArrayEquals(TestJars.classFile(Phrases.class), patch.classBytes(FIXTURES + "Phrases"));
        assertEquals(1, patch.objects().size(), "a helper class or a target copy makes no object");
    }

    @Test
    void targetClassWithoutReplaceMethodsMakesNoObject() throws Exception {
        Patch patch = PatchJarReader.read(TestJars.patchJar(dir, TargetOnly.class));

        assertTrue(patch.objects().isEmpty());
        assertTrue(patch.classes().containsKey(FIXTURES + "TargetOnly"));
    }

    @Test
    void patchWithoutFuncsIsAllowed() throws Exception {
        Patch patch = PatchJarReader.read(TestJars.patchJar(dir, Phrases.class));

        assertEquals("fix", patch.name());
        assertTrue(patch.objects().isEmpty());
    }

    @Test
    void patchWithoutClassesIsAllowed() throws Exception {
        Patch patch = PatchJarReader.read(TestJars.patchJar(dir));

        assertTrue(patch.classes().isEmpty());
    }

    @Test
    void identityComesFromTheManifest() throws Exception {
        Path jar = dir.resolve("cumulative.jar");
        PatchJarWriter.write(jar, "cumulative-2", true, List.of(new SystemState(1, 1), new SystemState(7, 2)),
                Map.of());

        Patch patch = PatchJarReader.read(jar);

        assertEquals("cumulative-2", patch.name());
        assertTrue(patch.replace());
        assertEquals(List.of(new SystemState(1, 1), new SystemState(7, 2)), patch.states());
    }

    @Test
    void sha256IsTheHashOfTheJarFile() throws Exception {
        Path jar = TestJars.patchJar(dir, GreeterFix.class);
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(jar)));

        assertEquals(expected, PatchJarReader.read(jar).sha256());
    }

    @Test
    void readingBytesGivesTheSamePatchAsReadingTheFile() throws Exception {
        Path jar = TestJars.patchJar(dir, GreeterFix.class, Phrases.class);

        Patch fromFile = PatchJarReader.read(jar);
        Patch fromBytes = PatchJarReader.read("sent.jar", Files.readAllBytes(jar));

        assertEquals(fromFile.objects(), fromBytes.objects());
        assertEquals(fromFile.sha256(), fromBytes.sha256());
        assertEquals(fromFile.classes().keySet(), fromBytes.classes().keySet());
    }

    @Test
    void classesOutsideThePatchAreLeftOut() throws Exception {
        byte[] phrases = TestJars.classFile(Phrases.class);
        byte[] jar = TestJars.zip(List.of("Livepatch-Name: fix"), Map.of(
                "io/jlivepatch/core/reader/fixtures/Phrases.class", phrases,
                "META-INF/versions/11/io/jlivepatch/core/reader/fixtures/Phrases.class", phrases,
                "module-info.class", new byte[] {1, 2, 3},
                "io/jlivepatch/core/reader/fixtures/messages.properties", new byte[] {'a'}));

        Patch patch = PatchJarReader.read("fix.jar", jar);

        assertEquals(Set.of(FIXTURES + "Phrases"), patch.classes().keySet());
    }

    @Test
    void jarsMadeByOtherToolsAreRead() throws Exception {
        // Deflated entries, directory entries and a manifest that is not the first entry.
        byte[] jar = TestJars.zip(Map.of(
                "io/", new byte[0],
                "io/jlivepatch/core/reader/fixtures/GreeterFix.class", TestJars.classFile(GreeterFix.class),
                "META-INF/MANIFEST.MF", TestJars.manifest("Livepatch-Name: fix", "Created-By: hand")));

        Patch patch = PatchJarReader.read("fix.jar", jar);

        assertEquals(4, patch.object(GREETER).funcs().size());
        assertNull(patch.object(FIXTURES + "Counter"));
    }

    private List<PatchFunc> greeterFuncs() throws Exception {
        return PatchJarReader.read(TestJars.patchJar(dir, GreeterFix.class)).object(GREETER).funcs();
    }
}
