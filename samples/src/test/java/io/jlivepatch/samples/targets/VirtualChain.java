package io.jlivepatch.samples.targets;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * The virtual-thread harness's target: {@code f} reads its version tag, then parks for a moment
 * (which unmounts a virtual thread from its carrier), then calls {@code g}; a fix changes both. A
 * call that returns two different tags ran old and new code of one fix in one stack. {@code hold}
 * and {@code holdLocked} park inside a patched method until released, {@code spin} runs inside one
 * (mounted) until released: the blocker cases.
 */
public class VirtualChain {

    /** The longest pause inside {@code f}, in nanoseconds; each call parks a random part of it. */
    public static volatile long pauseNanos = 1_000_000;
    /** Cleared to release the threads in {@link #hold}, {@link #holdLocked} and {@link #spin}. */
    public static volatile boolean holding = true;
    /** How many threads entered {@link #hold}, {@link #holdLocked} or {@link #spin} (their original versions). */
    public static final java.util.concurrent.atomic.AtomicInteger INSIDE = new java.util.concurrent.atomic.AtomicInteger();
    private static final Object LOCK = new Object();
    private static volatile int sink;

    public static String f() {
        String first = "v0";
        pause();
        return first + "/" + g();
    }

    public static String g() {
        return "v0";
    }

    /**
     * When set, every {@link #pause} parks on it until it is counted down, instead of a random
     * moment: the held scenario, whose threads are all inside f, parked and unmounted, when a
     * transition starts (certain, not likely).
     */
    public static volatile CountDownLatch gate;
    /** How many calls of {@link #pause} have parked on a {@link #gate}. */
    public static final java.util.concurrent.atomic.AtomicInteger HELD = new java.util.concurrent.atomic.AtomicInteger();

    /** Not patched: called by every version of {@code f}. */
    public static void pause() {
        CountDownLatch held = gate;
        if (held != null) {
            HELD.incrementAndGet();
            boolean interrupted = false;
            while (true) {
                try {
                    held.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        LockSupport.parkNanos(1 + ThreadLocalRandom.current().nextLong(pauseNanos));
    }

    /** Parks until released. */
    public static String hold() {
        INSIDE.incrementAndGet();
        while (holding) {
            LockSupport.parkNanos(1_000_000);
        }
        return "v0";
    }

    /** Sleeps inside a monitor until released (pinned before JDK 24, JEP 491). */
    public static String holdLocked() {
        synchronized (LOCK) {
            INSIDE.incrementAndGet();
            while (holding) {
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return "interrupted";
                }
            }
        }
        return "v0";
    }

    /** Runs (mounted on its carrier) until released. */
    public static String spin() {
        INSIDE.incrementAndGet();
        int acc = 0;
        while (holding) {
            acc += 31;
            Thread.onSpinWait();
        }
        sink = acc;
        return "v0";
    }
}
