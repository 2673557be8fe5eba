package io.jlivepatch.samples.it;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Thread-per-request under back-to-back transitions, in forked JVMs: acceptor threads start a new
 * platform thread for every call of {@code Chain.f()} (which calls {@code g()}) while patches are
 * flipped, so threads are born before, during and after each transition's snapshot and while its
 * completion publishes the steady routes. Each newborn's first visit to a transition method is its
 * one call: no call may mix versions or throw, and after every flip a newborn must answer the
 * version flipped to. Two long-lived threads call f in a loop besides: they keep f and g compiled,
 * so that each route change deoptimizes code and publication takes the time it takes in a busy
 * server (without them, main at dc18ae1 passed 400 flips; with them, it failed both tests with
 * hundreds of mixed calls and dozens of exceptions in 100 flips). The harness is
 * {@code ChurnStress}; its figures are printed to this test's output.
 */
class ThreadChurnIT {

    private static final String HARNESS = "io.jlivepatch.samples.targets.ChurnStress";
    /** A multiple of 2 (on, off) and of 3 (A, B, C). */
    private static final int FLIPS = 90;
    private static final int ACCEPTORS = 2;
    private static final int IN_FLIGHT = 32;
    private static final int POOLED = 2;

    @Test
    void threadsBornDuringEnableAndDisableTransitionsNeverMixVersionsNorThrow() throws Exception {
        assertConsistent(churn("enable-disable"), "v1");
    }

    /** A to B changes f and g; B to C reverts g to the original (a nop); C to A patches g again. */
    @Test
    void threadsBornDuringReplaceTransitionsNeverMixVersionsNorThrow() throws Exception {
        StressReport r = churn("replace");
        assertConsistent(r, "A");
        r.assertSome("B", "calls that ran B");
        r.assertSome("C", "calls that ran C (whose replace reverts g to the original)");
        r.assertCount("v0", 0, "calls that ran the original after the first replace patch");
    }

    private static StressReport churn(String mode) throws Exception {
        return StressReport.run("churn-" + mode, List.of("-javaagent:" + TargetJvm.AGENT_JAR.toAbsolutePath()),
                HARNESS, 300, mode, Integer.toString(FLIPS), Integer.toString(ACCEPTORS), Integer.toString(IN_FLIGHT),
                Integer.toString(POOLED));
    }

    private static void assertConsistent(StressReport r, String patched) {
        r.assertCount("flips", FLIPS, "flips done (fewer: a flip after which no newborn answered)");
        r.assertCount("exceptions", 0, "calls that threw into the application");
        r.assertCount("silentPhases", 0, "flips after which no newborn answered the version flipped to");
        r.assertCount("wrongSettled", 0, "calls begun after a flip completed that did not run its version");
        r.assertSome(patched, "calls that ran the patch");
        r.assertSome("threadsBorn", "threads born");
        r.assertCount("mixed", 0, "calls that mixed versions");
    }
}
