package io.jlivepatch.benchmarks.transition;

import io.jlivepatch.api.Replace;
import io.jlivepatch.api.TargetClass;

/**
 * The transition harness's fix: both {@code f} and {@code g} answer "v1"; {@code drive} keeps
 * its behaviour and is patched so that a thread inside it is nested in the transition.
 *
 * <p>Stateless and thread-safe.
 */
@TargetClass("io.jlivepatch.benchmarks.transition.TxTarget")
public final class TxFix {

    private TxFix() {}

    @Replace(isStatic = true)
    static String f() {
        String first = "v1";
        TxTarget.work();
        return first + "/" + TxTarget.g();
    }

    @Replace(isStatic = true)
    static void drive(TxTarget.Driver driver) {
        while (!driver.stop) {
            TxTarget.g();
            driver.calls++;
        }
    }

    @Replace(isStatic = true)
    static String g() {
        return "v1";
    }
}
