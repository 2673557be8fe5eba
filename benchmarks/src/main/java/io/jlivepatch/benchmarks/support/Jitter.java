package io.jlivepatch.benchmarks.support;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * An application thread's view of pauses: a daemon thread that wakes up every
 * {@value #PERIOD_NANOS} ns ({@code parkNanos}) and records the longest gap between two consecutive
 * wakeups since the last {@link #reset}. A gap longer than the period is time the thread could not
 * run: a safepoint, or the OS giving the core to another thread (on a 2-core machine the second
 * happens too, which is why harnesses also measure a quiet window just before, and read the
 * safepoint log).
 *
 * <p>Why not spin? A spinning thread takes one of the two cores for itself, so every other
 * runnable thread waits longer for a core and, above all, every safepoint waits longer for threads
 * to reach it: the spinner would inflate the very pauses it measures. Waking up every 100 µs costs
 * little and still resolves pauses well below a millisecond.
 *
 * <p>Thread-safety: thread-safe; {@link #reset} and {@link #max} may race with a gap being
 * recorded, which at worst attributes one gap to the neighbouring window.
 */
public final class Jitter implements AutoCloseable {

    private static final long PERIOD_NANOS = 100_000;

    private final AtomicLong max = new AtomicLong();
    private volatile boolean running = true;
    private final Thread thread;

    public Jitter() {
        thread = new Thread(this::spin, "jitter");
        thread.setDaemon(true);
        thread.start();
    }

    private void spin() {
        long last = System.nanoTime();
        while (running) {
            long now = System.nanoTime();
            long gap = now - last;
            if (gap > max.get()) {
                max.accumulateAndGet(gap, Math::max);
            }
            last = now;
            LockSupport.parkNanos(PERIOD_NANOS);
        }
    }

    /** Starts a new window. */
    public void reset() {
        max.set(0);
    }

    /** The longest gap between wakeups, in nanoseconds (period included), since the last {@link #reset}. */
    public long max() {
        return max.get();
    }

    /** CPU time the spinning thread has used so far, in nanoseconds (-1 where unsupported). */
    public long cpuNanos() {
        @SuppressWarnings("deprecation") // threadId() is JDK 19+
        long id = thread.getId();
        return java.lang.management.ManagementFactory.getThreadMXBean().getThreadCpuTime(id);
    }

    /** Stops the thread and waits for it; an interrupt while waiting is kept for the caller. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
