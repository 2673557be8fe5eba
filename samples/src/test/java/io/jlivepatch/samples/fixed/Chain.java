package io.jlivepatch.samples.fixed;

/** The fixed version of {@code targets.Chain}, renamed onto it by the HotSwap contrast test. */
public class Chain {

    private static volatile int sink;

    public static String f() {
        String first = "v1";
        work();
        return first + "/" + g();
    }

    public static String g() {
        return "v1";
    }

    public static void work() {
        int acc = 0;
        for (int i = 0; i < 200; i++) {
            acc += i * 31;
        }
        sink = acc;
        io.jlivepatch.samples.targets.ChainHold.here();
    }
}
