package io.jlivepatch.samples.patches;

import io.jlivepatch.api.Replace;
import io.jlivepatch.api.TargetClass;
import io.jlivepatch.samples.targets.Holder;

/** Patch code: {@code Holder.hold()} says "fixed", and still waits, so a thread can be held in the patched version. */
@TargetClass("io.jlivepatch.samples.targets.Holder")
public final class HoldFix {

    private HoldFix() {}

    @Replace(isStatic = true)
    static String hold() {
        return "fixed:" + Holder.waitForRelease();
    }
}
