package io.jlivepatch.core.reader.callbacks;

import io.jlivepatch.api.ObjectCallbacks;
import io.jlivepatch.api.TargetClass;

/** Wrong: the agent cannot create an abstract class. */
@TargetClass("io.jlivepatch.core.reader.fixtures.Counter")
public abstract class AbstractCallbacks implements ObjectCallbacks {
}
