package io.jlivepatch.samples.patches;

import io.jlivepatch.api.Replace;
import io.jlivepatch.api.TargetClass;

/** Atomic replace's seed scenario, patch B (cumulative): changes {@code f2} and {@code f3}, not {@code f1}. */
@TargetClass("io.jlivepatch.samples.targets.SeedTwo")
public final class SeedFixB {

    private SeedFixB() {}

    @Replace(isStatic = true)
    static String f2() {
        return "f2 B";
    }

    @Replace(isStatic = true)
    static String f3() {
        return "f3 B";
    }
}
