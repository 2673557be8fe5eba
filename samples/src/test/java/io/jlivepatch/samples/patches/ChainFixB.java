package io.jlivepatch.samples.patches;

import io.jlivepatch.api.Replace;
import io.jlivepatch.api.TargetClass;

/** The replace stress harness's version B: both {@code f} and {@code g} change, each answering "B". */
@TargetClass("io.jlivepatch.samples.targets.Chain")
public final class ChainFixB {

    private ChainFixB() {}

    @Replace(isStatic = true)
    static String f() {
        String first = "B";
        io.jlivepatch.samples.targets.Chain.work();
        return first + "/" + io.jlivepatch.samples.targets.Chain.g();
    }

    @Replace(isStatic = true)
    static String g() {
        return "B";
    }
}
