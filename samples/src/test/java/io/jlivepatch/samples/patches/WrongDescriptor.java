package io.jlivepatch.samples.patches;

import io.jlivepatch.api.Replace;
import io.jlivepatch.api.TargetClass;
import io.jlivepatch.samples.targets.Greeter;

/** Patch code whose signature matches no overload of {@code greet}. */
@TargetClass("io.jlivepatch.samples.targets.Greeter")
public final class WrongDescriptor {

    private WrongDescriptor() {}

    @Replace("greet")
    static String greetLong(Greeter self, long times) {
        return "never";
    }
}
