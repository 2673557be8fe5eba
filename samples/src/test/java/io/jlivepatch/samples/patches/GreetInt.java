package io.jlivepatch.samples.patches;

import io.jlivepatch.api.Replace;
import io.jlivepatch.api.TargetClass;
import io.jlivepatch.samples.targets.Greeter;

/** Patch code for the {@code int} overload only, told apart from {@code greet(String)} by descriptor. */
@TargetClass("io.jlivepatch.samples.targets.Greeter")
public final class GreetInt {

    private GreetInt() {}

    @Replace("greet")
    static String greetTimes(Greeter self, int times) {
        return "patched x" + times;
    }

    @Replace(value = "twice", isStatic = true)
    static int thrice(int x) {
        return 3 * x;
    }
}
