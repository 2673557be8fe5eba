package io.jlivepatch.samples.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlivepatch.samples.patches.BusyFix;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The consistency model's transitions in forked JVMs (issue 3): a thread parked inside a patched
 * method blocks the transition and is listed with its frame; switched threads already run the new
 * code while it runs the old; reverse and force; threads born, dying and pooled during a transition;
 * no thread left behind.
 *
 * <p>The fix ({@link BusyFix}) changes {@code Busy.work} and {@code Busy.version}; {@code work}
 * parks at a gate the test opens, then calls {@code version}, and answers {@code <work's
 * version>/<version's version>}: a call that ran old and new code of the fix shows two tags.
 */
class TransitionIT {

    /**
     * A blocker parked in {@code Busy.work}. A thread that entered {@code work} before the
     * retransformation that wove it runs the old method version, for which the JVM knows no line
     * numbers ("Unknown Source"); one that entered later shows its line.
     */
    private static final Pattern BLOCKER = Pattern.compile("Blocker\\[thread=([^,]+), frame="
            + "io\\.jlivepatch\\.samples\\.targets\\.Busy\\.work\\((Busy\\.java:\\d+|Unknown Source)\\)\\]");

    @TempDir
    Path dir;

    private Path busyFix() throws Exception {
        return new PatchJars(dir).jar("busy-fix", false, BusyFix.class);
    }

    /**
     * Asserts a {@code transition} answer: the patch, the target, exactly these threads remaining,
     * each blocked by a frame of {@code Busy.work} (in any order).
     */
    private static void assertBlocked(String answer, String patch, String target, String... threads) {
        String prefix = patch + " " + target + " remaining=" + threads.length + " blockers=[";
        assertTrue(answer.startsWith(prefix) && answer.endsWith("]"), answer);
        Matcher m = BLOCKER.matcher(answer.substring(prefix.length(), answer.length() - 1));
        List<String> names = new ArrayList<>();
        int end = 0;
        while (m.find()) {
            assertEquals(end == 0 ? 0 : end + 2, m.start(), "blockers are listed one after another: " + answer);
            names.add(m.group(1));
            end = m.end();
        }
        assertEquals(answer.length() - prefix.length() - 1, end, "nothing but blockers: " + answer);
        Collections.sort(names);
        assertEquals(List.of(threads), names, answer);
    }

    @Test
    void aThreadParkedInAPatchedMethodBlocksUntilItReturnsWhileSwitchedThreadsRunTheNewCode() throws Exception {
        Path fix = busyFix();
        try (TargetJvm target = TargetJvm.withAgent("transition-blocked", "log=stderr")) {
            assertEquals("version = original", target.run("tcall version"));
            assertEquals("busymod_work_func enter (busy-worker-1)", target.run("busy start"));
            assertEquals("ok", target.run("enable " + fix));

            assertBlocked(target.run("await_remaining 1"), "busy-fix", "PATCHED", "busy-worker-1");
            assertEquals("busy-fix+ order=1 transition", target.run("list"));
            assertEquals("version = patched", target.run("tcall version"), "the console thread has switched");
            // The driver reports the blocker on its passes 1, 2, 4, 8...; it stays blocked meanwhile.
            await().atMost(Duration.ofSeconds(30)).until(() -> target.output().contains(
                    "jlivepatch: klp_try_switch_task: busy-worker-1 is sleeping on function "
                    + "io.jlivepatch.samples.targets.Busy.work("));
            assertBlocked(target.run("transition"), "busy-fix", "PATCHED", "busy-worker-1");

            assertEquals("busymod_work_func exit (busy-worker-1 work = original/original)", target.run("busy release"),
                    "the blocker ran the old version throughout");
            assertEquals("idle", target.run("idle"));
            assertEquals("none", target.run("transition"));
            assertEquals("busy-fix+ order=1", target.run("list"));

            assertEquals("busymod_work_func enter (busy-worker-2)", target.run("busy start"));
            assertEquals("busymod_work_func exit (busy-worker-2 work = patched/patched)", target.run("busy release"));
        }
    }

    @Test
    void disablingTheBlockedPatchReversesItAndEveryoneRunsTheOldVersionAgain() throws Exception {
        Path fix = busyFix();
        try (TargetJvm target = TargetJvm.withAgent("transition-reverse", "log=stderr")) {
            assertEquals("busymod_work_func enter (busy-worker-1)", target.run("busy start"));
            assertEquals("ok", target.run("enable " + fix));
            assertBlocked(target.run("await_remaining 1"), "busy-fix", "PATCHED", "busy-worker-1");
            assertEquals("version = patched", target.run("tcall version"));

            assertEquals("ok", target.run("disable_lp busy-fix"), "the blocker never switched: nothing blocks the way back");
            assertEquals("version = original", target.run("tcall version"));
            assertEquals("no patches", target.run("list"));
            assertEquals("busymod_work_func exit (busy-worker-1 work = original/original)", target.run("busy release"));
            assertEquals("busymod_work_func enter (busy-worker-2)", target.run("busy start"));
            assertEquals("busymod_work_func exit (busy-worker-2 work = original/original)", target.run("busy release"));

            Transcripts.assertTranscript(Transcripts.of(
                    "% disable_lp busy-fix",
                    "jlivepatch: 'busy-fix': reversing transition from patching to unpatching",
                    "jlivepatch: 'busy-fix': starting unpatching transition",
                    "jlivepatch: 'busy-fix': completing unpatching transition",
                    "jlivepatch: 'busy-fix': unpatching complete",
                    "test: ok"), KernelTranscripts.withoutSwitchDebug(target.transcriptFrom("% disable_lp busy-fix"))
                    .subList(0, 6), dir);
        }
    }

    @Test
    void forceCompletesBlockedTransitionsAndTheBlockerMixesVersionsAsDocumented() throws Exception {
        Path fix = busyFix();
        try (TargetJvm target = TargetJvm.withAgent("transition-force", "log=stderr")) {
            // A blocked enable, forced: the parked thread switches inside the old work().
            assertEquals("busymod_work_func enter (busy-worker-1)", target.run("busy start"));
            assertEquals("ok", target.run("enable " + fix));
            assertBlocked(target.run("await_remaining 1"), "busy-fix", "PATCHED", "busy-worker-1");
            assertEquals("ok", target.run("force busy-fix"));
            assertEquals("none", target.run("transition"), "force completes at once");
            assertEquals("enabled=1 replace=0 stack_order=1 transition=0 forced=0", target.run("status busy-fix"),
                    "forcing a patching transition marks no patch (the kernel marks replaced patches only)");
            assertEquals("busymod_work_func exit (busy-worker-1 work = original/patched)", target.run("busy release"),
                    "the forced thread finished the old work() with the new version(): the danger force documents");

            // A blocked disable, forced: the parked thread switches back inside the new work().
            assertEquals("busymod_work_func enter (busy-worker-2)", target.run("busy start"));
            assertEquals("ok", target.run("disable busy-fix"));
            assertBlocked(target.run("await_remaining 1"), "busy-fix", "UNPATCHED", "busy-worker-2");
            assertEquals("version = original", target.run("tcall version"));
            assertEquals("ok", target.run("force busy-fix"));
            assertEquals("none", target.run("transition"));
            assertEquals("no patches", target.run("list"));
            assertEquals("busymod_work_func exit (busy-worker-2 work = patched/original)", target.run("busy release"));

            List<String> lines = KernelTranscripts.withoutSwitchDebug(target.transcriptFrom("% force busy-fix"));
            Transcripts.assertTranscript(Transcripts.of(
                    "% force busy-fix",
                    "jlivepatch: forcing remaining tasks to the patched state",
                    "jlivepatch: 'busy-fix': completing patching transition",
                    "jlivepatch: 'busy-fix': patching complete",
                    "test: ok"), lines.subList(0, 5), dir);
            int second = lines.subList(1, lines.size()).indexOf("% force busy-fix") + 1;
            Transcripts.assertTranscript(Transcripts.of(
                    "% force busy-fix",
                    "jlivepatch: forcing remaining tasks to the patched state",
                    "jlivepatch: 'busy-fix': completing unpatching transition",
                    "jlivepatch: 'busy-fix': unpatching complete",
                    "test: ok"), lines.subList(second, second + 5), dir);
        }
    }

    @Test
    void threadsBornDyingAndPooledDuringATransitionAreHandledAndNoThreadIsLeftBehind() throws Exception {
        Path fix = busyFix();
        try (TargetJvm target = TargetJvm.withAgent("transition-threads", "log=stderr")) {
            assertEquals("jlivepatch-commands", target.run("threads jlivepatch"),
                    "while idle, the agent's only thread is the command socket's");
            assertEquals("pool of 4 threads calling version", target.run("pool start 4"));
            assertEquals("6 doomed threads waiting", target.run("doomed start 6"));
            assertEquals("busymod_work_func enter (busy-worker-1, busy-worker-2, busy-worker-3)",
                    target.run("busy start 3"));

            assertEquals("ok", target.run("enable " + fix));
            // The pool switched itself at its next call; the doomed threads, idle, were switched
            // by the driver; only the parked workers remain.
            assertBlocked(target.run("await_remaining 3"), "busy-fix", "PATCHED", "busy-worker-1", "busy-worker-2", "busy-worker-3");
            assertEquals("jlivepatch-commands, jlivepatch-transition", target.run("threads jlivepatch"),
                    "the driver retries meanwhile");

            // Born after the transition started: the target state from the first call.
            assertEquals("churn of 50 threads: threads=50 sawOriginal=0 sawPatched=50 lastPatched=50 wentBack=0",
                    target.run("churn 50"));
            // The driver's next passes drop the dead ones from the transition's per-thread table, so
            // even a transition that stays blocked forever does not keep every thread that ever ran.
            target.eventually("churn gc", "0 of 50 churned threads still reachable");
            // A worker born now, inside the patched work(), does not block either.
            assertEquals("busymod_work_func enter (busy-worker-4)", target.run("busy start"));
            // Threads of the snapshot die (one call each on the way out).
            assertEquals("doomed threads ended: threads=6 sawOriginal=0 sawPatched=6 lastPatched=6 wentBack=0",
                    target.run("doomed end"));
            assertBlocked(target.run("await_remaining 3"), "busy-fix", "PATCHED", "busy-worker-1", "busy-worker-2", "busy-worker-3");

            // The blockers return (one ran the new work, born mid-transition) and die: completion.
            assertEquals("busymod_work_func exit (busy-worker-1 work = original/original, busy-worker-2 work = "
                    + "original/original, busy-worker-3 work = original/original, busy-worker-4 work = patched/patched)",
                    target.run("busy release"));
            assertEquals("idle", target.run("idle"));
            assertEquals("pool stopped: threads=4 sawOriginal=4 sawPatched=4 lastPatched=4 wentBack=0",
                    target.run("pool stop"));
            assertEquals("churn of 20 threads: threads=20 sawOriginal=0 sawPatched=20 lastPatched=20 wentBack=0",
                    target.run("churn 20"));

            assertEquals("0 of 70 churned threads still reachable", target.run("churn gc"),
                    "nothing, such as a finished transition's per-thread table, keeps dead threads");
            // the driver thread exits once idle; the command socket's thread stays
            target.eventually("threads jlivepatch", "jlivepatch-commands");
            assertEquals("none", target.run("threads busy-worker"));
            assertEquals("none", target.run("threads pool-worker"));
            assertEquals("none", target.run("threads churn-"));
            assertEquals("none", target.run("threads doomed-"));
        }
    }
}
