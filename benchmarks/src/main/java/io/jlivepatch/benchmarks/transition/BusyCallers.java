package io.jlivepatch.benchmarks.transition;

import java.util.concurrent.atomic.LongAdder;

/**
 * The busy threads' shared view of the transition being measured: each busy thread runs
 * {@link #run()}, calling {@code TxTarget.f} in a loop and counting the calls that ran the old
 * version after {@code enable} returned ("late") and those that mixed versions.
 *
 * <p>Thread-safety: the harness writes the volatile fields, the busy threads read them; the counts
 * are adders, so any number of busy threads may share one instance.
 */
final class BusyCallers {

    /** What {@code TxTarget.f} returns unpatched. */
    static final String OLD = "v0/v0";
    /** What {@code TxTarget.f} returns patched. */
    static final String NEW = "v1/v1";

    private static volatile int controlSink;

    /** Control: call unpatched code of the same shape instead of {@code f} (option {@code --busy-unpatched}). */
    final boolean unpatched;
    volatile String expected = OLD;
    volatile long returnedAt = Long.MAX_VALUE;
    volatile boolean stop;
    final LongAdder late = new LongAdder();
    final LongAdder mixed = new LongAdder();
    final LongAdder calls = new LongAdder();

    BusyCallers(boolean unpatched) {
        this.unpatched = unpatched;
    }

    /** The loop of one busy thread, until {@link #stop}. */
    void run() {
        while (!stop) {
            long start = System.nanoTime();
            String result = unpatched ? unpatchedF() : TxTarget.f();
            calls.increment();
            if (!result.equals(OLD) && !result.equals(NEW)) {
                mixed.increment();
            }
            if (!unpatched && !result.equals(expected) && start > returnedAt) {
                late.increment();
            }
        }
    }

    /**
     * {@code TxTarget.f}'s shape in code no patch touches, for the control option. It must not call
     * into {@code TxTarget} either: weaving redefines that class, which deoptimizes every compiled
     * method that inlined any of its methods.
     */
    private static String unpatchedF() {
        String first = "v0";
        int acc = 0;
        for (int i = 0; i < 200; i++) {
            acc += i * 31;
        }
        controlSink = acc;
        return first + "/" + "v0";
    }
}
