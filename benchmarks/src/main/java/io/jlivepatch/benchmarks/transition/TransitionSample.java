package io.jlivepatch.benchmarks.transition;

/**
 * One measured transition of {@link TransitionHarness}: when it was started, when
 * {@code enable}/{@code disable} returned and when the transition completed (all
 * {@link System#nanoTime()}), the jitter thread's longest stalls, the busy callers' late and mixed
 * calls, the process CPU time it cost, and the bytes the JVM allocated meanwhile (all threads; -1
 * where the JVM does not count them).
 *
 * <p>Thread-safety: immutable.
 */
record TransitionSample(long startNanos, long returnedNanos, long doneNanos, long quietJitterNanos, long jitterNanos,
                        long late, long mixed, long cpuNanos, long allocatedBytes) {

    /** From calling {@code enable}/{@code disable} until the transition completed. */
    long completion() {
        return doneNanos - startNanos;
    }

    /** How long the {@code enable}/{@code disable} call itself took. */
    long enableCall() {
        return returnedNanos - startNanos;
    }
}
