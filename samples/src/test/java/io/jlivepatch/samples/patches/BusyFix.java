package io.jlivepatch.samples.patches;

import io.jlivepatch.api.Replace;
import io.jlivepatch.api.TargetClass;
import io.jlivepatch.samples.targets.Busy;

/** The kernel's {@code test_klp_callbacks_demo} func: {@code busymod_work_func} (and {@code version}) patched. */
@TargetClass("io.jlivepatch.samples.targets.Busy")
public final class BusyFix {

    private BusyFix() {}

    @Replace(isStatic = true)
    static String work() {
        String mine = "patched";
        Busy.park();
        return mine + "/" + Busy.version();
    }

    @Replace(isStatic = true)
    static String version() {
        return "patched";
    }
}
