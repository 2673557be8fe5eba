package io.jlivepatch.core.reader.callbacks;

import io.jlivepatch.api.ObjectCallbacks;
import io.jlivepatch.api.TargetClass;

/** Wrong: no public constructor without parameters. */
@TargetClass("io.jlivepatch.core.reader.fixtures.Counter")
public final class HiddenConstructorCallbacks implements ObjectCallbacks {
    private HiddenConstructorCallbacks() {}
}
