package io.jlivepatch.samples.patches;

import io.jlivepatch.api.Replace;
import io.jlivepatch.api.TargetClass;

/**
 * The churn harness's version C: only {@code f} changes, so a replace patch built from it turns a
 * previous version's {@code g} back into the original (a nop). C's f expects the original g and
 * answers "C/C" with it; any other g shows as a mix ("C/A", "C/B").
 */
@TargetClass("io.jlivepatch.samples.targets.Chain")
public final class ChainFixC {

    private ChainFixC() {}

    @Replace(isStatic = true)
    static String f() {
        String first = "C";
        io.jlivepatch.samples.targets.Chain.work();
        String g = io.jlivepatch.samples.targets.Chain.g();
        return first + "/" + (g.equals("v0") ? "C" : g);
    }
}
