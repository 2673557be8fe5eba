package io.jlivepatch.samples.patches;

import io.jlivepatch.api.Replace;
import io.jlivepatch.api.TargetClass;
import io.jlivepatch.samples.targets.Shape;

/** Patch code for an abstract method: refused. */
@TargetClass("io.jlivepatch.samples.targets.Shape")
public final class BadShape {

    private BadShape() {}

    @Replace
    static double area(Shape self) {
        return 42;
    }
}
