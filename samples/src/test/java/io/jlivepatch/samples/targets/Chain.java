package io.jlivepatch.samples.targets;

/**
 * The consistency harness's target: {@code f} calls {@code g}, with work between them; a fix changes
 * both, and each returns its version tag. A call that returns two different tags ran old and new
 * code of one fix in one stack.
 */
public class Chain {

    private static volatile int sink;

    public static String f() {
        String first = "v0";
        work();
        return first + "/" + g();
    }

    public static String g() {
        return "v0";
    }

    public static void work() {
        int acc = 0;
        for (int i = 0; i < 200; i++) {
            acc += i * 31;
        }
        sink = acc;
        // Parks a thread a positive control chose (none otherwise): every version of f calls work().
        ChainHold.here();
    }
}
