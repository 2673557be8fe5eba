package io.jlivepatch.samples.patches;

import io.jlivepatch.api.Replace;
import io.jlivepatch.api.TargetClass;

/** Atomic replace's seed scenario, patch A: changes {@code f1}. */
@TargetClass("io.jlivepatch.samples.targets.SeedOne")
public final class SeedFixA {

    private SeedFixA() {}

    @Replace(isStatic = true)
    static String f1() {
        return "f1 A";
    }
}
