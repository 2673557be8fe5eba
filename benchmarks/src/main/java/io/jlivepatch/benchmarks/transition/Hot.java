package io.jlivepatch.benchmarks.transition;

import java.util.concurrent.CountDownLatch;

/**
 * The target of {@link TransitionDispatch}: {@link #compute} is the measured call, {@link #hold}
 * a method of the same patch inside which a thread can sit to keep the transition open.
 *
 * <p>Not thread-safe for writes to {@code salt}; benchmarks only read it.
 */
public class Hot {

    int salt = 0x9E3779B9;

    /** The original; {@link HotFix} replaces it with the dispatch benchmarks' computation. */
    public int compute(int x) {
        return x + salt;
    }

    /** Signals {@code entered}, then waits for {@code release}: a frame of a transition method. */
    public static void hold(CountDownLatch entered, CountDownLatch release) {
        entered.countDown();
        boolean interrupted = false;
        while (true) {
            try {
                release.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
