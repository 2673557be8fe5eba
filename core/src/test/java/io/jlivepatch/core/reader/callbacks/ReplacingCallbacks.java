package io.jlivepatch.core.reader.callbacks;

import io.jlivepatch.api.ObjectCallbacks;
import io.jlivepatch.api.Replace;
import io.jlivepatch.api.TargetClass;
import io.jlivepatch.core.reader.fixtures.Greeter;

/** Wrong: replacement methods and callbacks in one class. */
@TargetClass("io.jlivepatch.core.reader.fixtures.Greeter")
public class ReplacingCallbacks implements ObjectCallbacks {
    @Replace
    static String hello(Greeter self) {
        return "hi";
    }
}
