package io.jlivepatch.samples.patches;

import io.jlivepatch.api.Replace;
import io.jlivepatch.api.TargetClass;
import io.jlivepatch.samples.targets.Greeter;

/** Patch code for methods the target does not have: a missing name and a wrong descriptor. */
@TargetClass("io.jlivepatch.samples.targets.Greeter")
public final class NoSuchMethod {

    private NoSuchMethod() {}

    @Replace
    static String vanish(Greeter self) {
        return "never";
    }
}
