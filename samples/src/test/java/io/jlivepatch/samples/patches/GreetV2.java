package io.jlivepatch.samples.patches;

import io.jlivepatch.api.Replace;
import io.jlivepatch.api.TargetClass;
import io.jlivepatch.samples.targets.Greeter;

/** Patch code: {@code Greeter.greet(String)} answers with version 2. */
@TargetClass("io.jlivepatch.samples.targets.Greeter")
public final class GreetV2 {

    private GreetV2() {}

    @Replace
    static String greet(Greeter self, String name) {
        return "v2 " + name;
    }
}
