package io.jlivepatch.samples.patches;

import io.jlivepatch.api.Replace;
import io.jlivepatch.api.TargetClass;
import io.jlivepatch.samples.targets.Late;

/** Patch code for a class that is not loaded when the patch is enabled. */
@TargetClass("io.jlivepatch.samples.targets.Late")
public final class LateFix {

    private LateFix() {}

    @Replace
    static String version(Late self) {
        return "late patched";
    }
}
