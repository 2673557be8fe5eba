package io.jlivepatch.samples.patches.callbacks;

import io.jlivepatch.api.TargetClass;

/** The demo patch's object {@code test_klp_callbacks_mod}: callbacks only. */
@TargetClass("test_klp_callbacks_mod")
public final class Demo2Mod extends DemoCallbacks {
}
