package io.jlivepatch.samples.targets;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The kernel's {@code test_klp_callbacks_busy}: {@link #work} is its {@code busymod_work_func}, which
 * stays inside the to-be-patched function while the gate is closed. A fix changes both {@code work}
 * and {@link #version}; {@code work} answers {@code <its own version>/<the version() it called>}
 * after the gate opens, so a call that ran old and new code shows two different tags.
 */
public class Busy {

    private static final Semaphore ENTERED = new Semaphore(0);
    private static volatile CountDownLatch gate = new CountDownLatch(1);

    public static String work() {
        String mine = "original";
        park();
        return mine + "/" + version();
    }

    public static String version() {
        return "original";
    }

    /** Waits at the gate (at most 60 s: a test never hangs). Public: patched {@code work} calls it too. */
    public static void park() {
        CountDownLatch current = gate;
        ENTERED.release();
        try {
            if (!current.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the gate never opened");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted at the gate", e);
        }
    }

    /** Waits until {@code n} more callers have reached the gate. */
    static boolean awaitParked(int n, long millis) throws InterruptedException {
        return ENTERED.tryAcquire(n, millis, TimeUnit.MILLISECONDS);
    }

    /** Opens the gate for everyone parked at it; later callers wait at a new, closed gate. */
    static void open() {
        CountDownLatch current = gate;
        gate = new CountDownLatch(1);
        current.countDown();
    }
}
