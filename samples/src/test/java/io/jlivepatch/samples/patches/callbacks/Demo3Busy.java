package io.jlivepatch.samples.patches.callbacks;

import io.jlivepatch.api.TargetClass;

/** The demo patch's object {@code test_klp_callbacks_busy}: these callbacks and {@link Demo4BusyWork}'s func. */
@TargetClass("test_klp_callbacks_busy")
public final class Demo3Busy extends DemoCallbacks {
}
