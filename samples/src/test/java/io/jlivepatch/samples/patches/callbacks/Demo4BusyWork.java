package io.jlivepatch.samples.patches.callbacks;

import io.jlivepatch.api.Replace;
import io.jlivepatch.api.TargetClass;

/** The demo patch's func: {@code busymod_work_func} becomes {@code patched_work_func}. */
@TargetClass("test_klp_callbacks_busy")
public final class Demo4BusyWork {

    private Demo4BusyWork() {}

    @Replace(value = "busymod_work_func", isStatic = true)
    static void patched_work_func() {
        System.out.println("test_klp_callbacks_demo: patched_work_func");
    }
}
