package io.jlivepatch.core.reader.callbacks;

import io.jlivepatch.api.TargetClass;

/** Callbacks through a superclass in the same jar, for a class with no replaced method. */
@TargetClass("io.jlivepatch.core.reader.fixtures.Counter")
public class CounterCallbacks extends Base {
}
