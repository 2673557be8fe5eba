package io.jlivepatch.samples.it;

import static io.jlivepatch.samples.it.Transcripts.assertTranscript;
import static io.jlivepatch.samples.it.Transcripts.disabled;
import static io.jlivepatch.samples.it.Transcripts.enabled;

import io.jlivepatch.core.model.SystemState;
import io.jlivepatch.core.reader.PatchJarWriter;
import io.jlivepatch.samples.patches.BusyFix;
import io.jlivepatch.samples.patches.GreetInt;
import io.jlivepatch.samples.patches.GreetV1;
import io.jlivepatch.samples.patches.SyscallFix;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The kernel selftests of atomic replace, ported with their transcripts compared line by line:
 * test-livepatch.sh "atomic replace livepatch", test-callbacks.sh "atomic replace" (without its
 * callbacks), test-sysfs.sh "replace enabled", "replace disabled" and "stack_order value" (the
 * sysfs attributes read through {@code status}), and the cases of test-state.sh that need no
 * callbacks (the state patches, like the kernel's, patch no
 * function: they only declare state 1).
 *
 * <p>Module names follow the selftests: {@code test_klp_livepatch} patches {@code greet(String)}
 * (the kernel's cmdline), {@code test_klp_atomic_replace} patches {@code greet(int)} and
 * {@code twice} (meminfo), {@code test_klp_syscall} patches {@code getpid}, and
 * {@code test_klp_callbacks_demo} patches {@code Busy}, which these targets never load (like the
 * demo's busy module).
 */
class AtomicReplaceSelftestsIT {

    private static final String LP = "test_klp_livepatch";
    private static final String AR = "test_klp_atomic_replace";
    private static final String SYSCALL = "test_klp_syscall";
    private static final String DEMO = "test_klp_callbacks_demo";
    private static final String DEMO2 = "test_klp_callbacks_demo2";
    private static final String S1 = "test_klp_state";
    private static final String S2 = "test_klp_state2";
    private static final String S3 = "test_klp_state3";

    @TempDir
    Path dir;

    private static String status(int order, boolean replace) {
        return "test: enabled=1 replace=" + (replace ? 1 : 0) + " stack_order=" + order + " transition=0 forced=0";
    }

    /** test-livepatch.sh "atomic replace livepatch". */
    @Test
    void atomicReplaceLivepatch() throws Exception {
        PatchJars jars = new PatchJars(dir);
        Path lp = jars.jar(LP, false, GreetV1.class);
        Path syscall = jars.jar(SYSCALL, false, SyscallFix.class);
        Path demo = jars.jar(DEMO, false, BusyFix.class);
        Path ar = jars.jar(AR, true, GreetInt.class);
        try (TargetJvm target = TargetJvm.withAgent("selftest-atomic-replace", "log=stderr")) {
            // The kernel's targets (cmdline, getpid) are there before any patch: load them first.
            target.run("call greet");
            target.run("tcall getpid");
            target.run("load_lp " + lp);
            target.run("call greet");
            target.run("load_lp " + syscall);
            target.run("tcall getpid");
            target.run("load_lp " + demo);
            target.run("list");
            target.run("load_lp " + ar);
            target.run("call greetInt");
            target.run("call greet");
            target.run("tcall getpid");
            target.run("list");
            target.run("status " + AR);
            target.run("disable_lp " + AR);
            target.run("call greetInt");
            target.run("call greet");
            target.run("list");
            assertTranscript(Transcripts.of(
                    "% load_lp <dir>/" + LP + ".jar",
                    enabled(LP),
                    "test: ok",
                    "% call greet",
                    "test: greet = v1 world",
                    "% load_lp <dir>/" + SYSCALL + ".jar",
                    enabled(SYSCALL),
                    "test: ok",
                    "% tcall getpid",
                    "test: getpid = klp getpid <pid>",
                    "% load_lp <dir>/" + DEMO + ".jar",
                    enabled(DEMO),
                    "test: ok",
                    "% list",
                    "test: " + LP + "+ order=1; " + SYSCALL + "+ order=2; " + DEMO + "+ order=3",
                    "% load_lp <dir>/" + AR + ".jar",
                    enabled(AR),
                    "test: ok",
                    "% call greetInt",
                    "test: greetInt = patched x3",
                    "% call greet",
                    "test: greet = hello world",
                    "% tcall getpid",
                    "test: getpid = getpid <pid>",
                    "% list",
                    "test: " + AR + "+ order=1",
                    "% status " + AR,
                    status(1, true),
                    "% disable_lp " + AR,
                    disabled(AR),
                    "test: ok",
                    "% call greetInt",
                    "test: greetInt = hello x3",
                    "% call greet",
                    "test: greet = hello world",
                    "% list",
                    "test: no patches"), target.transcriptFrom("% load_lp " + lp), dir);
        }
    }

    /**
     * test-callbacks.sh "atomic replace", without the callbacks' lines: demo2 (replace, no funcs:
     * the kernel's has callbacks only) takes over from demo silently, and its disable is demo2's
     * alone; demo is never unpatched with messages.
     */
    @Test
    void callbacksAtomicReplace() throws Exception {
        Path demo = new PatchJars(dir).jar(DEMO, false, BusyFix.class);
        Path demo2 = dir.resolve(DEMO2 + ".jar");
        PatchJarWriter.write(demo2, DEMO2, true, List.of(), Map.of());
        try (TargetJvm target = TargetJvm.withAgent("selftest-callbacks-atomic-replace", "log=stderr")) {
            target.run("load_lp " + demo);
            target.run("load_lp " + demo2);
            target.run("list");
            target.run("disable_lp " + DEMO2);
            target.run("list");
            assertTranscript(Transcripts.of(
                    "% load_lp <dir>/" + DEMO + ".jar",
                    enabled(DEMO),
                    "test: ok",
                    "% load_lp <dir>/" + DEMO2 + ".jar",
                    enabled(DEMO2),
                    "test: ok",
                    "% list",
                    "test: " + DEMO2 + "+ order=1",
                    "% disable_lp " + DEMO2,
                    disabled(DEMO2),
                    "test: ok",
                    "% list",
                    "test: no patches"), target.transcriptFrom("% load_lp " + demo), dir);
        }
    }

    /** test-sysfs.sh "sysfs test replace enabled" and "sysfs test replace disabled". */
    @ParameterizedTest(name = "replace={0}")
    @ValueSource(booleans = {true, false})
    void sysfsTestReplace(boolean replace) throws Exception {
        Path ar = new PatchJars(dir).jar(AR, replace, GreetInt.class);
        try (TargetJvm target = TargetJvm.withAgent("selftest-sysfs-replace-" + replace, "log=stderr")) {
            target.run("load_lp " + ar);
            target.run("status " + AR);
            target.run("disable_lp " + AR);
            target.run("status " + AR);
            assertTranscript(Transcripts.of(
                    "% load_lp <dir>/" + AR + ".jar",
                    enabled(AR),
                    "test: ok",
                    "% status " + AR,
                    status(1, replace),
                    "% disable_lp " + AR,
                    disabled(AR),
                    "test: ok",
                    "% status " + AR,
                    "test: no patch " + AR), target.transcriptFrom("% load_lp " + ar), dir);
        }
    }

    /** test-sysfs.sh "sysfs test stack_order value". */
    @Test
    void sysfsTestStackOrderValue() throws Exception {
        PatchJars jars = new PatchJars(dir);
        Path ar = jars.jar(AR, false, GreetInt.class);
        Path demo = jars.jar(DEMO, false, BusyFix.class);
        Path syscall = jars.jar(SYSCALL, false, SyscallFix.class);
        try (TargetJvm target = TargetJvm.withAgent("selftest-sysfs-stack-order", "log=stderr")) {
            target.run("load_lp " + ar);
            target.run("status " + AR);
            target.run("load_lp " + demo);
            target.run("status " + DEMO);
            target.run("load_lp " + syscall);
            target.run("status " + SYSCALL);
            target.run("disable_lp " + DEMO);
            target.run("status " + AR);
            target.run("status " + SYSCALL);
            target.run("disable_lp " + SYSCALL);
            target.run("disable_lp " + AR);
            assertTranscript(Transcripts.of(
                    "% load_lp <dir>/" + AR + ".jar",
                    enabled(AR),
                    "test: ok",
                    "% status " + AR,
                    status(1, false),
                    "% load_lp <dir>/" + DEMO + ".jar",
                    enabled(DEMO),
                    "test: ok",
                    "% status " + DEMO,
                    status(2, false),
                    "% load_lp <dir>/" + SYSCALL + ".jar",
                    enabled(SYSCALL),
                    "test: ok",
                    "% status " + SYSCALL,
                    status(3, false),
                    "% disable_lp " + DEMO,
                    disabled(DEMO),
                    "test: ok",
                    "% status " + AR,
                    status(1, false),
                    "% status " + SYSCALL,
                    status(2, false),
                    "% disable_lp " + SYSCALL,
                    disabled(SYSCALL),
                    "test: ok",
                    "% disable_lp " + AR,
                    disabled(AR),
                    "test: ok"), target.transcriptFrom("% load_lp " + ar), dir);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // test-state.sh: s1 declares state 1 version 1, s2 and s3 version 2; all are replace patches.

    private Path statePatch(String name, long version) throws Exception {
        Path jar = dir.resolve(name + ".jar");
        PatchJarWriter.write(jar, name, true, List.of(new SystemState(1, version)), Map.of());
        return jar;
    }

    /** test-state.sh "system state modification" (without its callbacks' lines). */
    @Test
    void systemStateModification() throws Exception {
        Path s1 = statePatch(S1, 1);
        try (TargetJvm target = TargetJvm.withAgent("selftest-state-modification", "log=stderr")) {
            target.run("load_lp " + s1);
            target.run("disable_lp " + S1);
            assertTranscript(Transcripts.of(
                    "% load_lp <dir>/" + S1 + ".jar",
                    enabled(S1),
                    "test: ok",
                    "% disable_lp " + S1,
                    disabled(S1),
                    "test: ok"), target.transcriptFrom("% load_lp " + s1), dir);
        }
    }

    /** test-state.sh "taking over system state modification": s1 is replaced silently. */
    @Test
    void takingOverSystemStateModification() throws Exception {
        Path s1 = statePatch(S1, 1);
        Path s2 = statePatch(S2, 2);
        try (TargetJvm target = TargetJvm.withAgent("selftest-state-takeover", "log=stderr")) {
            target.run("load_lp " + s1);
            target.run("load_lp " + s2);
            target.run("list");
            target.run("disable_lp " + S2);
            target.run("list");
            assertTranscript(Transcripts.of(
                    "% load_lp <dir>/" + S1 + ".jar",
                    enabled(S1),
                    "test: ok",
                    "% load_lp <dir>/" + S2 + ".jar",
                    enabled(S2),
                    "test: ok",
                    "% list",
                    "test: " + S2 + "+ order=1",
                    "% disable_lp " + S2,
                    disabled(S2),
                    "test: ok",
                    "% list",
                    "test: no patches"), target.transcriptFrom("% load_lp " + s1), dir);
        }
    }

    /** test-state.sh "compatible cumulative livepatches": s2, s3, then s2 again (2 >= 2). */
    @Test
    void compatibleCumulativeLivepatches() throws Exception {
        Path s2 = statePatch(S2, 2);
        Path s3 = statePatch(S3, 2);
        try (TargetJvm target = TargetJvm.withAgent("selftest-state-compatible", "log=stderr")) {
            target.run("load_lp " + s2);
            target.run("load_lp " + s3);
            target.run("list");
            target.run("load_lp " + s2);
            target.run("list");
            target.run("disable_lp " + S2);
            target.run("list");
            assertTranscript(Transcripts.of(
                    "% load_lp <dir>/" + S2 + ".jar",
                    enabled(S2),
                    "test: ok",
                    "% load_lp <dir>/" + S3 + ".jar",
                    enabled(S3),
                    "test: ok",
                    "% list",
                    "test: " + S3 + "+ order=1",
                    "% load_lp <dir>/" + S2 + ".jar",
                    enabled(S2),
                    "test: ok",
                    "% list",
                    "test: " + S2 + "+ order=1",
                    "% disable_lp " + S2,
                    disabled(S2),
                    "test: ok",
                    "% list",
                    "test: no patches"), target.transcriptFrom("% load_lp " + s2), dir);
        }
    }

    /** test-state.sh "incompatible cumulative livepatches": s1 (version 1) on s2 (version 2) is refused. */
    @Test
    void incompatibleCumulativeLivepatches() throws Exception {
        Path s1 = statePatch(S1, 1);
        Path s2 = statePatch(S2, 2);
        try (TargetJvm target = TargetJvm.withAgent("selftest-state-incompatible", "log=stderr")) {
            target.run("load_lp " + s2);
            target.run("load_lp " + s1);
            target.run("list");
            target.run("disable_lp " + S2);
            assertTranscript(Transcripts.of(
                    "% load_lp <dir>/" + S2 + ".jar",
                    enabled(S2),
                    "test: ok",
                    "% load_lp <dir>/" + S1 + ".jar",
                    "jlivepatch: Livepatch patch (" + S1 + ") is not compatible with the already installed livepatches.",
                    "test: error: io.jlivepatch.core.registry.LivepatchException: patch '" + S1
                            + "' is not compatible with the already installed livepatches (system states)",
                    "% list",
                    "test: " + S2 + "+ order=1",
                    "% disable_lp " + S2,
                    disabled(S2),
                    "test: ok"), target.transcriptFrom("% load_lp " + s2), dir);
        }
    }
}
