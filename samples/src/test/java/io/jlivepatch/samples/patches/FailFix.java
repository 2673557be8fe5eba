package io.jlivepatch.samples.patches;

import io.jlivepatch.api.Replace;
import io.jlivepatch.api.TargetClass;
import io.jlivepatch.samples.targets.Greeter;

/** Patch code that throws: the exception must reach the caller unchanged. */
@TargetClass("io.jlivepatch.samples.targets.Greeter")
public final class FailFix {

    private FailFix() {}

    @Replace
    static String fail(Greeter self, String why) {
        throw new IllegalStateException("patched failure: " + why);
    }
}
