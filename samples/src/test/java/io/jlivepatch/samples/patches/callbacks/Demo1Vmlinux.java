package io.jlivepatch.samples.patches.callbacks;

import io.jlivepatch.api.TargetClass;

/** The demo patches' object vmlinux: callbacks only. (Class names order the objects in the jar.) */
@TargetClass("vmlinux")
public final class Demo1Vmlinux extends DemoCallbacks {
}
