package io.jlivepatch.samples.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlivepatch.samples.patches.GreetInt;
import io.jlivepatch.samples.patches.GreetV1;
import io.jlivepatch.samples.patches.GreetV2;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code -javaagent:...=patches=<dir>,watch=true}: the directory is the desired state. Jars are
 * added, replaced and removed while the target runs, as an operator (or kubelet) would: each jar
 * is written elsewhere and moved into place, and a ConfigMap volume's {@code ..data} link swap is
 * reproduced with the same renames kubelet makes.
 */
@Timeout(180)
class WatchIT {

    private static final long DEADLINE_MILLIS = 30_000;

    @TempDir
    Path tmp;

    /** Polls {@code command} until it answers {@code expected}, or fails after 30 s with the last answer. */
    private static void eventually(TargetJvm target, String command, String expected) {
        target.eventually(command, expected);
    }

    private static void eventuallyLogs(TargetJvm target, String part) {
        await().atMost(Duration.ofMillis(DEADLINE_MILLIS)).pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> assertFalse(lines(target, part).isEmpty(),
                        () -> "no line with '" + part + "'\n" + target.output()));
    }

    private static List<String> lines(TargetJvm target, String part) {
        return target.transcript().stream().filter(line -> line.contains(part)).toList();
    }

    /** Writes a patch jar outside the watched directory, then moves it in with one rename. */
    private Path put(Path watched, String file, String name, boolean replace, Class<?>... classes) throws IOException {
        Path staging = Files.createDirectories(tmp.resolve("staging"));
        Path jar = new PatchJars(staging).jar(name, replace, classes);
        return Files.move(jar, watched.resolve(file), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void theDirectoryIsTheDesiredState() throws Exception {
        Path watched = Files.createDirectories(tmp.resolve("patches"));
        try (TargetJvm target = TargetJvm.withAgent("watch",
                "patches=" + watched + ",watch=true,watchperiod=100,log=stderr")) {
            assertEquals("greet = hello world", target.run("call greet"));
            assertEquals("no patches", target.run("list"));

            // A jar added is loaded and enabled, audited as the watch's.
            put(watched, "10-fix-v1.jar", "fix-v1", false, GreetV1.class);
            eventually(target, "call greet", "greet = v1 world");
            eventuallyLogs(target, "jlivepatch: audit: load 'fix-v1'"); // written once the transition started
            assertTrue(lines(target, "jlivepatch: audit: load 'fix-v1'").get(0)
                    .endsWith(" via watch " + watched + ": ok"), target::output);

            // A second, stacked patch on another method: both.
            put(watched, "20-fix-int.jar", "fix-int", false, GreetInt.class);
            eventually(target, "call greetInt", "greetInt = patched x3");
            assertEquals("greet = v1 world", target.run("call greet"));
            // The calling thread switched; the transition completes when the driver has seen the others.
            eventually(target, "list", "fix-v1+ order=1; fix-int+ order=2");

            // A cumulative jar replaces both; the replaced jars stay in the directory, not reloaded.
            put(watched, "30-fix-all.jar", "fix-all", true, GreetV2.class);
            eventually(target, "list", "fix-all+ order=1");
            assertEquals("greet = v2 world", target.run("call greet"));
            assertEquals("greetInt = hello x3", target.run("call greetInt"));
            Thread.sleep(500); // the behaviour under test: several polls (100 ms apart) change nothing
            assertEquals("fix-all+ order=1", target.run("list"));

            // The cumulative jar removed: its patch is disabled, and everything is original again.
            Files.delete(watched.resolve("30-fix-all.jar"));
            eventually(target, "list", "no patches");
            assertEquals("greet = hello world", target.run("call greet"));
            assertEquals("greetInt = hello x3", target.run("call greetInt"));
            eventuallyLogs(target, "jlivepatch: audit: disable 'fix-all'");

            // A corrupt jar: refused, logged once however many polls see it, the target unchanged.
            Path staged = Files.write(tmp.resolve("garbage"), new byte[] {'P', 'K', 3, 4, 1, 2, 3});
            Files.move(staged, watched.resolve("40-broken.jar"), StandardCopyOption.ATOMIC_MOVE);
            eventuallyLogs(target, "40-broken.jar (sha256 ");
            Thread.sleep(1_000); // the behaviour under test: ten polls (100 ms apart) log it once
            assertEquals(1, lines(target, "jlivepatch: watch " + watched + ": 40-broken.jar (sha256 ").size(),
                    target::output);
            assertEquals(1, lines(target, "jlivepatch: audit: load '" + watched.resolve("40-broken.jar")).size(),
                    target::output);
            assertTrue(lines(target, "40-broken.jar (sha256 ").get(0).contains(" not loaded: "), target::output);
            assertEquals("no patches", target.run("list"));
            assertEquals("greet = hello world", target.run("call greet"));

            // Its content fixed: applied.
            put(watched, "40-broken.jar", "fix-fixed", false, GreetV2.class);
            eventually(target, "call greet", "greet = v2 world");
            eventually(target, "list", "fix-fixed+ order=1"); // the calling thread switches before the others

            // The watch polls on the engine's scheduler thread, and starts no other (beside the
            // command socket's, which every agent has).
            assertEquals("jlivepatch-commands, jlivepatch-transition", target.run("threads jlivepatch"));
        }
    }

    /**
     * An empty watched directory builds nothing: the JVM's own class-loading log shows that no engine,
     * runtime, core registry or (relocated) ASM class was loaded after the dormant watch's first poll,
     * and that they are once a jar arrives and is applied.
     */
    @Test
    void anEmptyDirectoryKeepsTheAgentDormantUntilAJarAppears() throws Exception {
        Path watched = Files.createDirectories(tmp.resolve("patches"));
        Files.writeString(watched.resolve("README.txt"), "not a jar: the dormant watch ignores it");
        Path classes = tmp.resolve("classes.log");
        try (TargetJvm target = TargetJvm.withAgent("watch-dormant",
                "patches=" + watched + ",watch=true,watchperiod=100,log=stderr",
                "-Xlog:class+load=info:file=" + classes)) {
            eventuallyLogs(target, "jlivepatch: watching " + watched + " every 100 ms; the agent stays dormant");
            assertEquals("greet = hello world", target.run("call greet"));
            String dormant = Files.readString(classes);
            assertTrue(dormant.contains(" io.jlivepatch.agent.boot.DormantWatch source:"),
                    "the class-loading log records the agent's classes (the control)");
            for (String engineClass : List.of(" io.jlivepatch.agent.boot.Engine source:",
                    " io.jlivepatch.core.registry.Livepatch source:", " io.jlivepatch.runtime.Dispatch source:",
                    " io.jlivepatch.agent.jvm.TrampolineTransformer source:", " io.jlivepatch.shaded.")) {
                assertFalse(dormant.contains(engineClass), () -> engineClass.trim() + " loaded while dormant:\n"
                        + dormant.lines().filter(line -> line.contains("io.jlivepatch")).toList());
            }

            put(watched, "10-fix-v1.jar", "fix-v1", false, GreetV1.class);
            eventually(target, "call greet", "greet = v1 world");
            eventuallyLogs(target, "jlivepatch: watch " + watched + ": a patch jar appeared; starting the engine");
            eventuallyLogs(target, "jlivepatch: audit: load 'fix-v1'");
            assertTrue(lines(target, "jlivepatch: audit: load 'fix-v1'").get(0)
                    .endsWith(" via watch " + watched + ": ok"), target::output);
            String awake = Files.readString(classes);
            assertTrue(awake.contains(" io.jlivepatch.agent.boot.Engine source:")
                    && awake.contains(" io.jlivepatch.shaded."), "the engine and ASM are loaded once a jar is there");

            // From here on it is the full watch: removing the jar disables the patch.
            Files.delete(watched.resolve("10-fix-v1.jar"));
            eventually(target, "call greet", "greet = hello world");
            eventually(target, "list", "no patches");
        }
    }

    @Test
    void aConfigMapVolumeUpdateIsAppliedAsOneNewSet() throws Exception {
        // kubelet's layout: ..<timestamp>/ holds the files, ..data -> ..<timestamp>, key -> ..data/key.
        Path volume = Files.createDirectories(tmp.resolve("volume"));
        Path first = Files.createDirectory(volume.resolve("..2024_05_01_10_00_00.000000001"));
        Files.copy(new PatchJars(tmp).jar("fix-v1", false, GreetV1.class), first.resolve("a-greet.jar"));
        Files.copy(new PatchJars(tmp).jar("fix-int", false, GreetInt.class), first.resolve("b-int.jar"));
        Files.createSymbolicLink(volume.resolve("..data"), first.getFileName());
        Files.createSymbolicLink(volume.resolve("a-greet.jar"), Path.of("..data/a-greet.jar"));
        Files.createSymbolicLink(volume.resolve("b-int.jar"), Path.of("..data/b-int.jar"));

        try (TargetJvm target = TargetJvm.withAgent("watch-configmap",
                "patches=" + volume + ",watch=true,watchperiod=100,log=stderr")) {
            // The startup set is applied before main, like patches=<dir> without watch.
            assertEquals("greet = v1 world", target.run("call greet"));
            assertEquals("fix-v1+ order=1; fix-int+ order=2", target.run("list"));

            // The update, as kubelet's AtomicWriter makes it: the new set in a new directory, ..data
            // swapped in one rename, then the links of new keys added, those of removed keys
            // removed, and the old directory deleted. a-greet.jar is now cumulative, b-int.jar gone,
            // c-int.jar new.
            Path second = Files.createDirectory(volume.resolve("..2024_05_01_10_05_00.000000002"));
            Files.copy(new PatchJars(tmp).jar("fix-v2", true, GreetV2.class), second.resolve("a-greet.jar"));
            Files.copy(new PatchJars(tmp).jar("fix-int2", false, GreetInt.class), second.resolve("c-int.jar"));
            Path staged = Files.createSymbolicLink(volume.resolve("..data_tmp"), second.getFileName());
            Files.move(staged, volume.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
            Files.createSymbolicLink(volume.resolve("c-int.jar"), Path.of("..data/c-int.jar"));
            Files.delete(volume.resolve("b-int.jar"));
            try (var old = Files.list(first)) {
                for (Path file : old.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(first);

            eventually(target, "list", "fix-v2+ order=1; fix-int2+ order=2");
            assertEquals("greet = v2 world", target.run("call greet"));
            assertEquals("greetInt = patched x3", target.run("call greetInt"));
            Thread.sleep(500); // the behaviour under test: several polls (100 ms apart), the set stays
            assertEquals("fix-v2+ order=1; fix-int2+ order=2", target.run("list"));
        }
    }
}
