package io.jlivepatch.benchmarks.transition;

/**
 * The transition harness's target, shaped like the consistency stress test's: {@code f} calls
 * {@code g} with work in between, and the fix ({@link TxFix}) changes both; each returns a version
 * tag, so {@code "v0/v0"} is old, {@code "v1/v1"} new, and anything else a call that mixed them.
 *
 * <p>Thread-safety: thread-safe (stateless but for a volatile sink).
 */
public class TxTarget {

    private static volatile int sink;

    public static String f() {
        String first = "v0";
        work();
        return first + "/" + g();
    }

    public static String g() {
        return "v0";
    }

    /** Counts calls of {@link #g} made by {@link #drive}; stops it. */
    public static final class Driver {
        public volatile boolean stop;
        public volatile long calls;
    }

    /**
     * Calls {@link #g} until told to stop: a thread that sits in one transition method (this one)
     * while calling another, the way a request loop calls a handler.
     */
    public static void drive(Driver driver) {
        while (!driver.stop) {
            g();
            driver.calls++;
        }
    }

    /** About a microsecond of arithmetic, so that busy threads spend real time inside f. */
    public static void work() {
        int acc = 0;
        for (int i = 0; i < 200; i++) {
            acc += i * 31;
        }
        sink = acc;
    }
}
