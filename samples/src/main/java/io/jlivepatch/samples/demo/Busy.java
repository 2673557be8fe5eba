package io.jlivepatch.samples.demo;

/**
 * A little CPU work between computing and rendering a quote, so that requests are really in flight
 * while patches are applied.
 *
 * <p>Thread-safe.
 */
public final class Busy {

    private static volatile long sink;

    private Busy() {}

    /** Spins a few microseconds. */
    public static void work() {
        long acc = 0;
        for (int i = 0; i < 2_000; i++) {
            acc += (long) i * 31 ^ acc >>> 3;
        }
        sink = acc;
    }
}
