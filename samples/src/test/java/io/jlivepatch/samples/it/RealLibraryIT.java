package io.jlivepatch.samples.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlivepatch.api.Replace;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.JarFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real releases of real libraries as test material: SnakeYAML 1.32 and 1.33, Guava 24.1 and 24.1.1, from Maven Central
 * (copied into {@code target/real-library} by this module's pom).
 *
 * <p>1.33 fixes {@code Yaml.loadAll} (and {@code compose}, {@code composeAll}, {@code parse}),
 * which built their parser without the user's {@code LoaderOptions}, so that a
 * {@code setCodePointLimit} meant to stop oversized documents (the limit 1.32 added against
 * denial of service) was ignored there. The release also changes constructors and removes methods,
 * which a running JVM cannot take, so the whole difference is refused; {@code --only} builds the four
 * fixed methods alone. The patch is loaded into a JVM running 1.32 through the CLI (a real attach),
 * the fix shows through the public API, and {@code disable} takes it back.
 *
 * <p>Guava 24.1.1 fixes CVE-2018-10237: {@code AtomicDoubleArray.readObject} allocated as many
 * elements as the stream claimed. The release changes nothing else a patch needs; the patch, built
 * with {@code --only} the class, turns the {@code OutOfMemoryError} of a crafted stream into the
 * {@code EOFException} of 24.1.1 in a JVM running 24.1.
 *
 * <p>Then a hand-written patch against a class of the same release ({@code @TargetClass},
 * {@code @Replace}), built with {@code --patch-classes --old}: a site policy that refuses duplicate
 * mapping keys whatever the options say.
 */
class RealLibraryIT {

    private static final Path RELEASES = Path.of(System.getProperty("jlivepatch.realLibrary", "target/real-library"));
    private static final Path V132 = RELEASES.resolve("snakeyaml-1.32.jar");
    private static final Path V133 = RELEASES.resolve("snakeyaml-1.33.jar");
    private static final String YAML = "org.yaml.snakeyaml.Yaml";
    private static final Path GUAVA_OLD = RELEASES.resolve("guava-24.1-jre.jar");
    private static final Path GUAVA_NEW = RELEASES.resolve("guava-24.1.1-jre.jar");
    private static final String ATOMIC_DOUBLE_ARRAY = "com.google.common.util.concurrent.AtomicDoubleArray";

    /**
     * Deserializes an AtomicDoubleArray of one element whose stream claims Integer.MAX_VALUE
     * elements (CVE-2018-10237): 24.1 allocates the whole array first, 24.1.1 reads as it goes.
     */
    private static final String GUAVA_PROBE = """
            package demo.lib;
            import com.google.common.util.concurrent.AtomicDoubleArray;
            import java.io.*;
            import java.nio.ByteBuffer;
            public final class Probe {
                public static String run(String scenario) {
                    try {
                        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                            out.writeObject(new AtomicDoubleArray(new double[] {1.5}));
                        }
                        byte[] data = bytes.toByteArray();
                        byte[] lengthThenValue = ByteBuffer.allocate(12).putInt(1).putDouble(1.5).array();
                        int at = -1;
                        for (int i = 0; i + 12 <= data.length && at < 0; i++) {
                            at = java.util.Arrays.equals(data, i, i + 12, lengthThenValue, 0, 12) ? i : -1;
                        }
                        ByteBuffer.wrap(data).putInt(at, Integer.MAX_VALUE);
                        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(data))) {
                            return "read " + in.readObject();
                        }
                    } catch (Throwable t) {
                        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
                    }
                }
            }
            """;

    /** The application: uses SnakeYAML through its public API only. */
    private static final String PROBE = """
            package demo.lib;
            import java.io.StringReader;
            import org.yaml.snakeyaml.LoaderOptions;
            import org.yaml.snakeyaml.Yaml;
            import org.yaml.snakeyaml.error.YAMLException;
            public final class Probe {
                public static String run(String scenario) {
                    try {
                        if (scenario.equals("duplicates")) {
                            return "loaded " + new Yaml().load("a: 1\\na: 2\\n");
                        }
                        LoaderOptions options = new LoaderOptions();
                        options.setCodePointLimit(64);
                        int documents = 0;
                        for (Object ignored : new Yaml(options).loadAll(new StringReader("greeting: " + "x".repeat(200)))) {
                            documents++;
                        }
                        return "loaded " + documents + " document(s)";
                    } catch (YAMLException e) {
                        return "rejected: " + e.getMessage().replace('\\n', ' ');
                    }
                }
            }
            """;

    /** A hand-written patch: BaseConstructor.isAllowDuplicateKeys() answers false, whatever the options say. */
    private static final String NO_DUPLICATE_KEYS = """
            package demo.fix;
            import io.jlivepatch.api.Replace;
            import io.jlivepatch.api.TargetClass;
            import org.yaml.snakeyaml.constructor.BaseConstructor;
            @TargetClass("org.yaml.snakeyaml.constructor.BaseConstructor")
            public final class NoDuplicateKeys {
                private NoDuplicateKeys() {}
                @Replace
                public static boolean isAllowDuplicateKeys(BaseConstructor self) {
                    return false;
                }
            }
            """;

    @TempDir
    static Path dir;
    private static Path probe;

    @BeforeAll
    static void compileTheApplication() throws Exception {
        assertTrue(Files.isRegularFile(V132) && Files.isRegularFile(V133), "the releases are copied by the pom into " + RELEASES);
        probe = LibraryVersions.compileSources(Map.of("demo/lib/Probe.java", PROBE), dir, "probe", "-cp", V132.toString());
    }

    private static CliRun cli(int expected, String... args) throws Exception {
        CliRun run = CliRun.of(args);
        assertEquals(expected, run.exit(), run::toString);
        return run;
    }

    private static String answer(Path release, String scenario) throws Exception {
        try (TargetJvm jvm = TargetJvm.withClasspath("snakeyaml-" + scenario, release + File.pathSeparator + probe, null)) {
            return jvm.run("libprobe " + scenario);
        }
    }

    @Test
    void theFixedMethodsOfARefusedReleaseAreLivePatchedIntoTheOldRelease() throws Exception {
        Path jar = dir.resolve("snakeyaml-loadall.jar");
        CliRun whole = cli(1, "build", "--old", V132.toString(), "--new", V133.toString(), "--name", "snakeyaml-1.33",
                "-o", dir.resolve("whole.jar").toString());
        assertTrue(whole.out().contains("org.yaml.snakeyaml.Yaml: refused: changed constructor"), whole::toString);

        CliRun build = cli(0, "build", "--old", V132.toString(), "--new", V133.toString(), "--name", "snakeyaml-loadall",
                "--only", YAML + "#loadAll", "--only", YAML + "#compose", "--only", YAML + "#composeAll",
                "--only", YAML + "#parse", "-o", jar.toString());
        assertTrue(build.out().contains("4 changed method(s), 0 carried, 0 refused"), build::toString);
        assertTrue(build.out().contains("jlivepatch: 'snakeyaml-loadall': left out by the selection: "), build::toString);

        String fixed = answer(V133, "loadAll");
        assertEquals("rejected: The incoming YAML document exceeds the limit: 64 code points.", fixed);
        try (TargetJvm target = TargetJvm.withClasspath("snakeyaml-1.32", V132 + File.pathSeparator + probe, null)) {
            String before = target.run("libprobe loadAll");
            assertEquals("loaded 1 document(s)", before, "1.32 ignores the limit in loadAll");
            String pid = Long.toString(target.pid());
            CliRun load = cli(0, "load", pid, jar.toString());
            assertTrue(load.out().contains("patch 'snakeyaml-loadall' is enabled in process " + pid), load::toString);
            assertEquals(fixed, target.run("libprobe loadAll"), target.output());
            cli(0, "disable", pid, "snakeyaml-loadall");
            assertEquals(before, target.run("libprobe loadAll"), "disable takes the fix back");
        }
    }

    @Test
    void aSecurityFixOfGuavaIsLivePatchedIntoTheOldRelease() throws Exception {
        Path guavaProbe = LibraryVersions.compileSources(Map.of("demo/lib/Probe.java", GUAVA_PROBE), dir, "guava-probe",
                "-cp", GUAVA_OLD.toString());
        Path jar = dir.resolve("guava-cve-2018-10237.jar");
        CliRun build = cli(0, "build", "--old", GUAVA_OLD.toString(), "--new", GUAVA_NEW.toString(),
                "--name", "guava-cve-2018-10237", "--only", ATOMIC_DOUBLE_ARRAY, "-o", jar.toString());
        assertTrue(build.out().contains(ATOMIC_DOUBLE_ARRAY + ": changed method: readObject(Ljava/io/ObjectInputStream;)V")
                && build.out().contains("1 changed method(s), 0 carried, 0 refused"), build::toString);
        String fixed;
        try (TargetJvm jvm = TargetJvm.withClasspath("guava-24.1.1", GUAVA_NEW + File.pathSeparator + guavaProbe, null)) {
            fixed = jvm.run("libprobe cve");
        }
        assertEquals("EOFException", fixed, "24.1.1 reads the claimed elements as they come");
        try (TargetJvm target = TargetJvm.withClasspath("guava-24.1", GUAVA_OLD + File.pathSeparator + guavaProbe, null)) {
            String before = target.run("libprobe cve");
            assertEquals("OutOfMemoryError: Requested array size exceeds VM limit", before,
                    "24.1 allocates what the stream claims");
            String pid = Long.toString(target.pid());
            cli(0, "load", pid, jar.toString());
            assertEquals(fixed, target.run("libprobe cve"), target.output());
            cli(0, "disable", pid, "guava-cve-2018-10237");
            assertEquals(before, target.run("libprobe cve"), "disable takes the fix back");
        }
    }

    @Test
    void aHandWrittenPatchAgainstALibraryClassIsFingerprintedAndApplies() throws Exception {
        String runtime = Path.of(Replace.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        Path classes = LibraryVersions.compileSources(Map.of("demo/fix/NoDuplicateKeys.java", NO_DUPLICATE_KEYS), dir,
                "no-duplicate-keys", "-cp", V132 + File.pathSeparator + runtime);
        Path jar = dir.resolve("yaml-no-duplicate-keys.jar");
        cli(0, "build", "--patch-classes", classes.toString(), "--old", V132.toString(), "--name", "yaml-no-duplicate-keys",
                "-o", jar.toString());
        try (JarFile patch = new JarFile(jar.toFile())) {
            String code = new String(patch.getInputStream(patch.getEntry("demo/fix/NoDuplicateKeys.class")).readAllBytes(),
                    java.nio.charset.StandardCharsets.ISO_8859_1);
            assertTrue(code.contains("fingerprint"), "--old gives the @Replace its target's fingerprint");
        }
        try (TargetJvm target = TargetJvm.withClasspath("snakeyaml-hand-written", V132 + File.pathSeparator + probe, null)) {
            String before = target.run("libprobe duplicates");
            assertEquals("loaded {a=2}", before, "SnakeYAML keeps the last of duplicate keys by default");
            String pid = Long.toString(target.pid());
            cli(0, "load", pid, jar.toString());
            String after = target.run("libprobe duplicates");
            assertNotEquals(before, after);
            assertTrue(after.startsWith("rejected: while constructing a mapping") && after.contains("found duplicate key a"),
                    after);
            cli(0, "disable", pid, "yaml-no-duplicate-keys");
            assertEquals(before, target.run("libprobe duplicates"));
        }
    }
}
