package io.jlivepatch.samples.patches;

import io.jlivepatch.api.Replace;
import io.jlivepatch.api.TargetClass;
import io.jlivepatch.samples.targets.Greeter;

/** Patch code: {@code Greeter.greet(String)} answers with version 1. */
@TargetClass("io.jlivepatch.samples.targets.Greeter")
public final class GreetV1 {

    private GreetV1() {}

    @Replace
    static String greet(Greeter self, String name) {
        return "v1 " + name;
    }
}
