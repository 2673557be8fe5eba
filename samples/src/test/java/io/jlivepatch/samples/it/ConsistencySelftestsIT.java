package io.jlivepatch.samples.it;

import static io.jlivepatch.samples.it.Transcripts.assertTranscript;
import static io.jlivepatch.samples.it.Transcripts.disabled;
import static io.jlivepatch.samples.it.Transcripts.enabled;

import io.jlivepatch.samples.patches.BusyFix;
import io.jlivepatch.samples.patches.LateFix;
import io.jlivepatch.samples.patches.SyscallFix;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernel selftests of the consistency model, ported with their transcripts compared line by
 * line: test-callbacks.sh "busy target module" (its blocking part) and test-syscall.sh "patch
 * getpid syscall while being heavily hammered". As in the selftests' harness, the blocked-thread
 * debug lines ({@code klp_try_switch_task}) are left out of the comparison.
 */
class ConsistencySelftestsIT {

    private static final String DEMO = "test_klp_callbacks_demo";
    private static final String SYSCALL = "test_klp_syscall";

    @TempDir
    Path dir;

    /**
     * test-callbacks.sh "busy target module": the busy module's worker sits in the function the demo
     * patches, so the demo's transition stalls after "starting"; a class loaded meanwhile is patched
     * on arrival (the module-coming part, without callbacks); disabling the demo reverses the
     * transition, which completes at once, since the worker never switched.
     */
    @Test
    void busyTargetModule() throws Exception {
        Path demo = new PatchJars(dir).jar(DEMO, false, BusyFix.class, LateFix.class);
        try (TargetJvm target = TargetJvm.withAgent("selftest-busy", "log=stderr")) {
            target.run("busy start");
            target.run("enable " + demo);
            target.run("await_remaining 1");
            target.run("load io.jlivepatch.samples.targets.Late");
            target.run("call late");
            target.run("disable_lp " + DEMO);
            target.run("call late");
            target.run("busy release");
            assertTranscript(Transcripts.of(
                    "% busy start",
                    "test: busymod_work_func enter (busy-worker-1)",
                    "% enable <dir>/" + DEMO + ".jar",
                    KernelTranscripts.stalled(DEMO),
                    "test: ok",
                    "% await_remaining 1",
                    "test: " + DEMO + " PATCHED remaining=1 blockers=[Blocker[thread=busy-worker-1, "
                            + "frame=io.jlivepatch.samples.targets.Busy.work(Unknown Source)]]",
                    "% load io.jlivepatch.samples.targets.Late",
                    "jlivepatch: applying patch '" + DEMO + "' to loading module 'io.jlivepatch.samples.targets.Late'",
                    "test: loaded io.jlivepatch.samples.targets.Late",
                    "% call late",
                    "test: late = late patched",
                    "% disable_lp " + DEMO,
                    "jlivepatch: '" + DEMO + "': reversing transition from patching to unpatching",
                    "jlivepatch: '" + DEMO + "': starting unpatching transition",
                    "jlivepatch: '" + DEMO + "': completing unpatching transition",
                    "jlivepatch: '" + DEMO + "': unpatching complete",
                    "test: ok",
                    "% call late",
                    "test: late = late original",
                    "% busy release",
                    "test: busymod_work_func exit (busy-worker-1 work = original/original)"),
                    KernelTranscripts.withoutSwitchDebug(target.transcriptFrom("% busy start")), dir);
        }
    }

    /**
     * test-syscall.sh "patch getpid syscall while being heavily hammered": threads call the patched
     * method in a loop; each notes its first call of the new code (the kernel's {@code npids}); all
     * switch, the transition completes, and none ever runs the old code again.
     */
    @Test
    void patchGetpidWhileBeingHeavilyHammered() throws Exception {
        Path syscall = new PatchJars(dir).jar(SYSCALL, false, SyscallFix.class);
        try (TargetJvm target = TargetJvm.withAgent("selftest-getpid", "log=stderr")) {
            target.run("hammer start 8");
            target.run("load_lp " + syscall);
            target.run("hammer wait");
            target.run("hammer stop");
            target.run("disable_lp " + SYSCALL);
            target.run("tcall getpid");
            assertTranscript(Transcripts.of(
                    "% hammer start 8",
                    "test: hammering getpid with 8 threads",
                    "% load_lp <dir>/" + SYSCALL + ".jar",
                    enabled(SYSCALL),
                    "test: ok",
                    "% hammer wait",
                    "test: Remaining not livepatched threads: 0",
                    "% hammer stop",
                    "test: stopped 8 threads, 0 went back to the original code",
                    "% disable_lp " + SYSCALL,
                    disabled(SYSCALL),
                    "test: ok",
                    "% tcall getpid",
                    "test: getpid = getpid <pid>"),
                    KernelTranscripts.withoutSwitchDebug(target.transcriptFrom("% hammer start 8")), dir);
        }
    }
}
