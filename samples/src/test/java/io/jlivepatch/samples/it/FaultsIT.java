package io.jlivepatch.samples.it;

import static io.jlivepatch.samples.it.CliIT.assertInOrder;
import static io.jlivepatch.samples.it.CliIT.maps;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlivepatch.agent.control.json.Json;
import io.jlivepatch.samples.patches.FailFix;
import io.jlivepatch.samples.patches.GreetV1;
import io.jlivepatch.samples.patches.HangingPrePatch;
import io.jlivepatch.samples.patches.HoldFix;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults during an operation, end to end (issue 18 item 5): the real CLI ({@code java -jar}) against
 * a forked {@code FaultTarget} with the real agent jar, attached by the first command. A replacement
 * that throws, two CLIs at once, the CLI killed mid-transition, a pre-patch callback that hangs.
 * Each test has its own target, named by pid.
 */
@Timeout(60)
class FaultsIT {

    private static final String MAIN = "io.jlivepatch.samples.targets.FaultTarget";

    @TempDir
    Path dir;

    private PatchJars jars;
    private TargetJvm target;
    private String pid;

    @BeforeEach
    void jars() {
        jars = new PatchJars(dir);
    }

    @AfterEach
    void stop() throws Exception {
        if (target != null) {
            target.close();
        }
    }

    /**
     * Starts the target: without the agent (the first CLI command attaches it), or with it at
     * startup, so that every CLI command goes through its command socket and a race is between
     * commands in the engine, not between two attaches.
     */
    private void start(boolean agentAtStartup) throws Exception {
        target = agentAtStartup
                ? TargetJvm.ofMain("faults-target", TargetJvm.java(), MAIN, "-javaagent:" + TargetJvm.AGENT_JAR.toAbsolutePath())
                : TargetJvm.ofMain("faults-target", TargetJvm.java(), MAIN);
        pid = Long.toString(target.pid());
    }

    /**
     * The replacement's frame is a hidden class's (docs/design.md section 2), and the JVM leaves
     * hidden frames out of stack traces unless {@code -XX:+ShowHiddenFrames}: by default the top
     * frame is the patched method at the trampoline's line 65000, which says "redirected here".
     */
    @Test
    void aReplacementThatThrowsGivesTheCallerExactlyThatExceptionAndChangesNoState() throws Exception {
        start(false);
        assertEquals("returned fine now", target.run("throw"));
        Path fix = jars.jar("fix-fail", false, FailFix.class);
        CliRun load = CliRun.of("load", pid, fix.toString());
        assertEquals(0, load.exit(), load::toString);

        for (int i = 0; i < 3; i++) {
            String answer = target.run("throw");
            assertTrue(answer.matches("threw java\\.lang\\.IllegalStateException: patched failure: now at "
                    + "io\\.jlivepatch\\.samples\\.targets\\.Greeter\\.fail\\(Greeter\\.java:65000\\)"
                    + " < io\\.jlivepatch\\.samples\\.targets\\.FaultTarget\\.thrown\\(FaultTarget\\.java:\\d+\\)"
                    + " < io\\.jlivepatch\\.samples\\.targets\\.FaultTarget\\.answer\\(FaultTarget\\.java:\\d+\\)"), answer);
        }
        assertEnabledAlone("fix-fail");
        CliRun disable = CliRun.of("disable", pid, "fix-fail");
        assertEquals(0, disable.exit(), disable::toString);
        assertEquals("returned fine now", target.run("throw"));
    }

    @Test
    void withShowHiddenFramesTheReplacementsOwnFrameIsOnTop() throws Exception {
        target = TargetJvm.ofMain("faults-target", TargetJvm.java(), MAIN, "-XX:+UnlockDiagnosticVMOptions",
                "-XX:+ShowHiddenFrames");
        pid = Long.toString(target.pid());
        Path fix = jars.jar("fix-fail", false, FailFix.class);
        CliRun load = CliRun.of("load", pid, fix.toString());
        assertEquals(0, load.exit(), load::toString);
        String answer = target.run("throw");
        assertTrue(answer.matches("threw java\\.lang\\.IllegalStateException: patched failure: now at "
                + "\\S*FailFix\\S*\\.fail\\(FailFix\\.java:15\\)"
                + " < io\\.jlivepatch\\.samples\\.targets\\.Greeter\\.fail\\(Greeter\\.java:65000\\)"
                + " < io\\.jlivepatch\\.samples\\.targets\\.FaultTarget\\.thrown\\(FaultTarget\\.java:\\d+\\)"), answer);
        assertEnabledAlone("fix-fail");
    }

    private void assertEnabledAlone(String name) throws Exception {
        Map<String, Object> status = listJson();
        assertNull(status.get("transition"), status::toString);
        List<Map<String, Object>> patches = maps(status.get("patches"));
        assertEquals(List.of(name), names(status));
        assertEquals(true, patches.get(0).get("enabled"));
        assertEquals(false, patches.get(0).get("transition"));
    }

    @Test
    void twoLoadsAtOnceDuringAHeldTransitionOneWinsTheOtherIsRefusedAsBusy() throws Exception {
        Path a = jars.jar("fix-hold-a", false, HoldFix.class);
        Path b = jars.jar("fix-hold-b", false, HoldFix.class);
        start(true);
        assertEquals("holding", target.run("hold"));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CyclicBarrier together = new CyclicBarrier(2);
            List<CompletableFuture<CliRun>> runs = new ArrayList<>();
            for (Path jar : List.of(a, b)) {
                runs.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        together.await(10, TimeUnit.SECONDS);
                        return CliRun.of("load", pid, jar.toString(), "--timeout", "30");
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, pool));
            }
            // The loser returns while the winner's transition is held open by the holder.
            await().atMost(Duration.ofSeconds(25)).until(() -> runs.stream().filter(CompletableFuture::isDone).count() == 1);
            int loserIndex = runs.get(0).isDone() ? 0 : 1;
            String loser = loserIndex == 0 ? "fix-hold-a" : "fix-hold-b";
            String winner = loserIndex == 0 ? "fix-hold-b" : "fix-hold-a";
            CliRun refused = runs.get(loserIndex).join();
            assertEquals(1, refused.exit(), refused::toString);
            assertTrue(refused.err().contains("cannot load patch '" + loser + "' into process " + pid + " (" + MAIN
                    + "): cannot enable patch '" + loser + "': patch '" + winner + "' is in transition (busy);"
                    + " wait for it, disable it to reverse it, or force it"), refused::toString);

            Map<String, Object> held = listJson();
            assertEquals(winner, ((Map<?, ?>) held.get("transition")).get("patch"), held::toString);
            assertEquals("patched", ((Map<?, ?>) held.get("transition")).get("target"), held::toString);
            assertEquals(List.of(winner), names(held), "the refused patch must leave no trace");

            assertEquals("released", target.run("release"));
            CliRun won = runs.get(1 - loserIndex).get(25, TimeUnit.SECONDS);
            assertEquals(0, won.exit(), won::toString);
            assertInOrder(won.out(), "jlivepatch: '" + winner + "': patching complete");
            Map<String, Object> after = listJson();
            assertNull(after.get("transition"), after::toString);
            assertEquals(List.of(winner), names(after));
            assertEquals(true, maps(after.get("patches")).get(0).get("enabled"));
            assertEquals(false, maps(after.get("patches")).get(0).get("transition"));
            assertEquals(0, CliRun.of("disable", pid, winner).exit());
        } finally {
            target.run("release");
            pool.shutdownNow();
        }
    }

    @Test
    void aCliKilledMidTransitionLeavesItRunningAndItCompletesWhenTheBlockerLeaves() throws Exception {
        start(false);
        Path hold = jars.jar("fix-hold", false, HoldFix.class);
        assertEquals("holding", target.run("hold"));
        try {
            killCliMidTransition(hold);
            assertEquals("released", target.run("release"));
            awaitStatus(s -> s.get("transition") == null);
            Map<String, Object> done = listJson();
            assertEquals(List.of("fix-hold"), names(done));
            assertEquals(true, maps(done.get("patches")).get(0).get("enabled"));
            assertEquals(false, maps(done.get("patches")).get(0).get("transition"));
            CliRun disable = CliRun.of("disable", pid, "fix-hold");
            assertEquals(0, disable.exit(), disable::toString);
            assertEquals(List.of(), names(listJson()));
        } finally {
            target.run("release");
        }
    }

    @Test
    void aCliKilledMidTransitionLeavesItRunningAndItCanBeForced() throws Exception {
        start(false);
        Path hold = jars.jar("fix-hold", false, HoldFix.class);
        assertEquals("holding", target.run("hold"));
        try {
            killCliMidTransition(hold);
            CliRun force = CliRun.of("force", pid, "fix-hold");
            assertEquals(0, force.exit(), force::toString);
            assertInOrder(force.out(), "jlivepatch: 'fix-hold': patching complete");
            Map<String, Object> done = listJson();
            assertNull(done.get("transition"), done::toString);
            assertEquals(true, maps(done.get("patches")).get(0).get("enabled"));
        } finally {
            target.run("release");
        }
        CliRun disable = CliRun.of("disable", pid, "fix-hold");
        assertEquals(0, disable.exit(), disable::toString);
        assertEquals(List.of(), names(listJson()));
    }

    /**
     * A pre-patch callback that does not return holds the engine (it runs under the engine's lock,
     * and the agent answers a command once the engine has started it): the CLI stops waiting for
     * the reply after its {@code --timeout} and says so (exit 3); {@code list} still answers; the
     * command is carried out when the callback returns.
     */
    @Test
    void aHangingPrePatchCallbackIsBoundedByTheCliTimeoutAndTheLoadGoesOnWhenItReturns() throws Exception {
        start(true);
        assertEquals("greet = hello world", target.run("call greet")); // loaded: prePatch runs for it now
        Path hang = jars.jar("fix-hang", false, HangingPrePatch.class, GreetV1.class);
        try {
            CompletableFuture<CliRun> load = CompletableFuture.supplyAsync(() -> {
                try {
                    return CliRun.of("load", pid, hang.toString(), "--timeout", "2");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertEquals("inside", target.run("inside"), "the callback never started");
            CliRun bounded = load.get(25, TimeUnit.SECONDS);
            assertEquals(3, bounded.exit(), bounded::toString);
            assertEquals("jlivepatch: the jlivepatch agent in process " + pid + " (" + MAIN + ") gave no reply to"
                    + " 'load' within 2 s: its engine is busy (a pre-patch callback that does not return, in this"
                    + " command or an earlier one, keeps it busy); the command was delivered and is carried out when"
                    + " the engine is free: check with 'jlivepatch list " + pid + "'\n", bounded.err());
            assertEquals("inside", target.run("inside"), "the callback is still running");

            // A second command queues behind the hung one, and is bounded the same way.
            CliRun queued = CliRun.of("load", pid, hang.toString(), "--timeout", "1", "--json");
            assertEquals(3, queued.exit(), queued::toString);
            Map<String, Object> json = Json.parseObject(queued.out().trim());
            assertEquals(3L, json.get("exit"));
            assertEquals("timeout", json.get("result"));
            assertTrue(((String) json.get("error")).contains("gave no reply to 'load' within 1 s: its engine is busy"),
                    queued::toString);

            Map<String, Object> during = listJson();
            assertEquals(List.of(), names(during), during::toString);
            assertEquals("greet = hello world", target.run("call greet"));
        } finally {
            assertEquals("released", target.run("release"));
        }
        awaitStatus(s -> names(s).equals(List.of("fix-hang")) && s.get("transition") == null);
        assertEquals("greet = v1 world", target.run("call greet"));
        // Both loads were carried out once the callback returned: the first enabled the patch, the
        // queued one was refused (already enabled, or busy while its transition ran).
        awaitStatus(s -> maps(s.get("history")).size() == 2);
        List<Map<String, Object>> history = maps(listJson().get("history"));
        assertEquals("ok", history.get(0).get("result"), history::toString);
        assertTrue(((String) history.get(1).get("result")).matches("(refused|busy): .*fix-hang.*"), history::toString);
        assertEquals(List.of("fix-hang"), names(listJson()));
        CliRun disable = CliRun.of("disable", pid, "fix-hang");
        assertEquals(0, disable.exit(), disable::toString);
    }

    /**
     * Starts {@code load --timeout 30} of {@code jar} (stalled by the holder), SIGKILLs the CLI once
     * the transition shows, and checks that the target goes on with it: nothing reversed it.
     */
    private void killCliMidTransition(Path jar) throws Exception {
        Process cli = new ProcessBuilder(TargetJvm.java(), "-jar", TargetJvm.AGENT_JAR.toAbsolutePath().toString(),
                "load", pid, jar.toString(), "--timeout", "30")
                .redirectOutput(dir.resolve("cli.out").toFile()).redirectError(dir.resolve("cli.err").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        try {
            awaitStatus(s -> s.get("transition") != null);
            // The CLI has printed the start: it is in its wait loop, polling the target.
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> Files.readString(
                    dir.resolve("cli.out")).contains("jlivepatch: 'fix-hold': starting patching transition"));
            assertTrue(cli.isAlive(), "the CLI must still be waiting on the stalled transition");
        } finally {
            cli.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no reversal from the CLI
        }
        assertTrue(cli.waitFor(10, TimeUnit.SECONDS));
        assertEquals(137, cli.exitValue(), "128 + SIGKILL");

        Map<String, Object> after = listJson();
        Map<?, ?> transition = (Map<?, ?>) after.get("transition");
        assertEquals("fix-hold", transition.get("patch"), after::toString);
        assertEquals("patched", transition.get("target"), after::toString);
        assertEquals("holder", maps(transition.get("blockers")).get(0).get("thread"));
        assertEquals(true, maps(after.get("patches")).get(0).get("enabled"));
        assertEquals(true, maps(after.get("patches")).get(0).get("transition"));
    }

    // ---------------------------------------------------------------------------------------------

    private Map<String, Object> listJson() throws Exception {
        CliRun run = CliRun.of("list", pid, "--json");
        assertEquals(0, run.exit(), run::toString);
        return Json.parseObject(run.out().trim());
    }

    private static List<Object> names(Map<String, Object> status) {
        return maps(status.get("patches")).stream().map(p -> p.get("name")).toList();
    }

    private interface StatusCheck {
        boolean test(Map<String, Object> status);
    }

    private void awaitStatus(StatusCheck check) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
            Map<String, Object> status = listJson();
            assertTrue(check.test(status), () -> "status never matched: " + status);
        });
    }
}
