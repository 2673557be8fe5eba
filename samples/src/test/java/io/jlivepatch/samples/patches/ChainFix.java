package io.jlivepatch.samples.patches;

import io.jlivepatch.api.Replace;
import io.jlivepatch.api.TargetClass;

/** The consistency harness's fix: both {@code f} and {@code g} change, each answering "v1". */
@TargetClass("io.jlivepatch.samples.targets.Chain")
public final class ChainFix {

    private ChainFix() {}

    @Replace(isStatic = true)
    static String f() {
        String first = "v1";
        io.jlivepatch.samples.targets.Chain.work();
        return first + "/" + io.jlivepatch.samples.targets.Chain.g();
    }

    @Replace(isStatic = true)
    static String g() {
        return "v1";
    }
}
