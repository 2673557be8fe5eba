package io.jlivepatch.samples.patches.state;

import io.jlivepatch.api.ObjectCallbacks;
import io.jlivepatch.api.ObjectContext;
import io.jlivepatch.api.SystemState;
import io.jlivepatch.api.TargetClass;
import io.jlivepatch.samples.targets.ConsoleLoglevel;

/**
 * The kernel's {@code test_klp_state} (state 1, version 1, which knows nothing of migration): saves
 * the console log level in its state's data, raises it, and restores it.
 */
@TargetClass("vmlinux")
public final class LoglevelStateV1 implements ObjectCallbacks {

    static final long CONSOLE_LOGLEVEL_STATE = 1;
    static final int CONSOLE_LOGLEVEL_MOTORMOUTH = 15;

    private static void info(ObjectContext object, String text) {
        System.out.println(object.patchName() + ": " + text);
    }

    @Override
    public void prePatch(ObjectContext object) {
        info(object, "pre_patch_callback: vmlinux");
        SystemState state = object.state(CONSOLE_LOGLEVEL_STATE);
        state.setData(new int[1]);
        info(object, "allocate_loglevel_state: allocating space to store console_loglevel");
    }

    @Override
    public void postPatch(ObjectContext object) {
        info(object, "post_patch_callback: vmlinux");
        info(object, "fix_console_loglevel: fixing console_loglevel");
        ((int[]) object.state(CONSOLE_LOGLEVEL_STATE).data())[0] = ConsoleLoglevel.value;
        ConsoleLoglevel.value = CONSOLE_LOGLEVEL_MOTORMOUTH;
    }

    @Override
    public void preUnpatch(ObjectContext object) {
        info(object, "pre_unpatch_callback: vmlinux");
        info(object, "restore_console_loglevel: restoring console_loglevel");
        ConsoleLoglevel.value = ((int[]) object.state(CONSOLE_LOGLEVEL_STATE).data())[0];
    }

    @Override
    public void postUnpatch(ObjectContext object) {
        info(object, "post_unpatch_callback: vmlinux");
        info(object, "free_loglevel_state: freeing space for the stored console_loglevel");
        object.state(CONSOLE_LOGLEVEL_STATE).setData(null);
    }
}
