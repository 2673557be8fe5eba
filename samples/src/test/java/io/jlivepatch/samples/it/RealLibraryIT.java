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
 * Real releases of a real library as test material: SnakeYAML 1.32 and 1.33, from Maven Central
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
 * <p>Then a hand-written patch against a class of the same release ({@code @TargetClass},
 * {@code @Replace}), built with {@code --patch-classes --old}: a site policy that refuses duplicate
 * mapping keys whatever the options say.
 */
class RealLibraryIT {

    private static final Path RELEASES = Path.of(System.getProperty("jlivepatch.realLibrary", "target/real-library"));
    private static final Path V132 = RELEASES.resolve("snakeyaml-1.32.jar");
    private static final Path V133 = RELEASES.resolve("snakeyaml-1.33.jar");
    private static final String YAML = "org.yaml.snakeyaml.Yaml";

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
