package io.jlivepatch.core.reader.callbacks;

import io.jlivepatch.api.ObjectCallbacks;
import io.jlivepatch.api.ObjectContext;
import io.jlivepatch.api.TargetClass;

/** Callbacks for the class the replacement fixtures patch: the usual declaration. */
@TargetClass("io.jlivepatch.core.reader.fixtures.Greeter")
public class GreeterCallbacks implements ObjectCallbacks {
    @Override
    public void postPatch(ObjectContext object) {
        // a real patch would warm a cache here
    }
}
