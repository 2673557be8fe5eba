package io.jlivepatch.samples.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jlivepatch build} end to end: the sample library's v1 running with the patch built from v1
 * and v2 gives, for every changed method over a set of inputs, what v2 gives (instance, static,
 * interface default and static methods, overloads, private state, new private methods, lambdas
 * renumbered and new, a nested class, an anonymous class changed and renumbered, a new anonymous
 * class and a new helper class, a new switch-map entry, a super call and a protected field of a JDK
 * superclass); a patch built against different code is refused whole
 * with the target unchanged; and a class that loads later and does not fit stays unpatched.
 */
class BuildDifferentialIT {

    private static final List<String> SCENARIOS = List.of("greeter", "stats", "shape", "inventory", "history");

    @TempDir
    Path dir;

    private static String[] args(String... args) {
        return args;
    }

    /** Runs {@code jlivepatch build} from the real agent jar, fails with its output unless it exits {@code expected}. */
    private static String build(int expected, String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = "build";
        System.arraycopy(args, 0, command, 1, args.length);
        CliRun run = CliRun.of(command);
        assertEquals(expected, run.exit(), run::toString);
        return run.out() + run.err();
    }

    private static Map<String, String> probe(TargetJvm target) throws Exception {
        Map<String, String> results = new LinkedHashMap<>();
        for (String scenario : SCENARIOS) {
            results.put(scenario, target.run("libprobe " + scenario));
        }
        return results;
    }

    @Test
    void v1WithThePatchBehavesLikeV2ForEveryChangedMethod() throws Exception {
        Path v1 = LibraryVersions.compile("v1", dir);
        Path v2 = LibraryVersions.compile("v2", dir);
        Path jar = dir.resolve("fix-lib.jar");
        String summary = build(0, args("--old", v1.toString(), "--new", v2.toString(), "--name", "fix-lib", "-o", jar.toString()));
        assertTrue(summary.contains("0 refused"), summary);

        Map<String, String> expected;
        try (TargetJvm fixed = TargetJvm.withClasspath("build-v2", v2.toString(), null)) {
            expected = probe(fixed);
        }
        try (TargetJvm target = TargetJvm.withClasspath("build-v1-patched", v1.toString(), "log=stderr")) {
            Map<String, String> before = probe(target);
            for (String scenario : SCENARIOS) {
                assertNotEquals(expected.get(scenario), before.get(scenario), "the fix must show in " + scenario);
            }
            assertEquals("ok", target.run("enable " + jar));
            assertEquals("idle", target.run("idle"));
            assertEquals(expected, probe(target), target.output());
            assertEquals("ok", target.run("disable fix-lib"));
            assertEquals("idle", target.run("idle"));
            assertEquals(before, probe(target), "disabling restores v1");
        }
    }

    @Test
    void aPatchBuiltAgainstDifferentCodeIsRefusedWholeAndChangesNothing() throws Exception {
        Path v1 = LibraryVersions.compile("v1", dir);
        Path v2 = LibraryVersions.compile("v2", dir);
        // what is running is not v1: someone changed greet(int) there
        Path other = LibraryVersions.compile("v1", dir.resolve("other"),
                source -> source.replace("return repeat(greeting, times);", "return repeat(greeting, times + 1);"));
        Path jar = dir.resolve("fix-7.jar");
        build(0, args("--old", v1.toString(), "--new", v2.toString(), "--name", "fix-7", "-o", jar.toString()));
        try (TargetJvm target = TargetJvm.withClasspath("build-mismatch", other.toString(), "log=stderr")) {
            Map<String, String> before = probe(target);
            // the real CLI: refused, exit 1, nothing changed
            CliRun load = CliRun.of("load", Long.toString(target.pid()), jar.toString());
            assertEquals(1, load.exit(), load.toString());
            assertTrue(load.err().contains(
                    "patch 'fix-7' was built against a different demo.lib.Greeter.greet(I)Ljava/lang/String;"), load.toString());
            assertEquals(before, probe(target), "nothing changed");
            String answer = target.run("enable " + jar);
            assertTrue(answer.startsWith("error:") && answer.contains(
                    "patch 'fix-7' was built against a different demo.lib.Greeter.greet(I)Ljava/lang/String;"), answer);
            assertEquals("no patches", target.run("list"));
            assertEquals(before, probe(target), "nothing changed");
            assertTrue(Files.exists(jar));
        }
    }

    @Test
    void aClassThatLoadsLaterAndDoesNotFitIsLeftUnpatched() throws Exception {
        Path v1 = LibraryVersions.compile("v1", dir);
        Path v2 = LibraryVersions.compile("v2", dir);
        Path other = LibraryVersions.compile("v1", dir.resolve("other"),
                source -> source.replace("return repeat(greeting, times);", "return repeat(greeting, times + 1);"));
        Path jar = dir.resolve("fix-7.jar");
        build(0, args("--old", v1.toString(), "--new", v2.toString(), "--name", "fix-7", "-o", jar.toString()));
        String unpatched;
        try (TargetJvm plain = TargetJvm.withClasspath("build-late-plain", other.toString(), null)) {
            unpatched = plain.run("libprobe greeter");
        }
        try (TargetJvm target = TargetJvm.withClasspath("build-late", other.toString(), "log=stderr")) {
            assertEquals("ok", target.run("enable " + jar), "nothing of the library is loaded yet");
            assertEquals("idle", target.run("idle"));
            assertEquals(unpatched, target.run("libprobe greeter"), "the copy that does not fit stays as it was loaded");
            assertTrue(target.transcript().contains("jlivepatch: failed to apply patch 'fix-7' to module 'demo.lib.Greeter'"
                    + " (patch 'fix-7' was built against a different demo.lib.Greeter.greet(I)Ljava/lang/String;)"),
                    target.output());
            assertEquals("stats: [1.5] [7.0] [NaN] [14] [10] [[#4@0, #5@1]]", target.run("libprobe stats"),
                    "classes that fit are patched as they load");
        }
    }

    /** A library compiled for Java 8: private calls by invokespecial, inner classes through accessors. */
    private static Map<String, String> legacy(String add, String show) {
        return Map.of("demo/lib/Counter.java", "package demo.lib;\n"
                        + "public class Counter {\n"
                        + "    private int count;\n"
                        + "    private int bump(int by) { count += by; return count; }\n"
                        + "    public int add(int n) { " + add + " }\n"
                        + "    public class View { public String show() { return " + show + "; } }\n"
                        + "}\n",
                "demo/lib/Probe.java", "package demo.lib;\n"
                        + "public final class Probe {\n"
                        + "    public static String run(String scenario) {\n"
                        + "        Counter c = new Counter();\n"
                        + "        Counter.View v = c.new View();\n"
                        + "        return c.add(2) + \" \" + c.add(-5) + \" \" + c.add(1) + \" \" + v.show();\n"
                        + "    }\n"
                        + "}\n");
    }

    @Test
    void preNestmateClassFilesPatchToo() throws Exception {
        Path v1 = LibraryVersions.compileSources(legacy("return bump(n);", "\"count=\" + count"), dir, "legacy-v1",
                "--release", "8");
        Path v2 = LibraryVersions.compileSources(legacy("return n < 0 ? count : bump(n);", "\"[\" + count + \"]\""), dir,
                "legacy-v2", "--release", "8");
        Path jar = dir.resolve("fix-legacy.jar");
        String summary = build(0, args("--old", v1.toString(), "--new", v2.toString(), "--name", "fix-legacy", "-o",
                jar.toString()));
        assertTrue(summary.contains("demo.lib.Counter$View: changed method: show()Ljava/lang/String;"), summary);
        String expected;
        try (TargetJvm fixed = TargetJvm.withClasspath("build-legacy-v2", v2.toString(), null)) {
            expected = fixed.run("libprobe legacy");
        }
        try (TargetJvm target = TargetJvm.withClasspath("build-legacy", v1.toString(), "log=stderr")) {
            String before = target.run("libprobe legacy");
            assertNotEquals(expected, before);
            assertEquals("ok", target.run("enable " + jar));
            assertEquals("idle", target.run("idle"));
            assertEquals(expected, target.run("libprobe legacy"), target.output());
        }
    }
}
