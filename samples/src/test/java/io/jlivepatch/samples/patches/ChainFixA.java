package io.jlivepatch.samples.patches;

import io.jlivepatch.api.Replace;
import io.jlivepatch.api.TargetClass;

/** The replace stress harness's version A: both {@code f} and {@code g} change, each answering "A". */
@TargetClass("io.jlivepatch.samples.targets.Chain")
public final class ChainFixA {

    private ChainFixA() {}

    @Replace(isStatic = true)
    static String f() {
        String first = "A";
        io.jlivepatch.samples.targets.Chain.work();
        return first + "/" + io.jlivepatch.samples.targets.Chain.g();
    }

    @Replace(isStatic = true)
    static String g() {
        return "A";
    }
}
