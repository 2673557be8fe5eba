package io.jlivepatch.core.reader.callbacks;

import io.jlivepatch.api.ObjectCallbacks;
import io.jlivepatch.api.TargetClass;

/** Wrong together with {@link GreeterCallbacks}: one callbacks class per target. */
@TargetClass("io.jlivepatch.core.reader.fixtures.Greeter")
public class SecondGreeterCallbacks implements ObjectCallbacks {
}
