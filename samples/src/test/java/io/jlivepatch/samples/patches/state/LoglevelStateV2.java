package io.jlivepatch.samples.patches.state;

import io.jlivepatch.api.ObjectCallbacks;
import io.jlivepatch.api.ObjectContext;
import io.jlivepatch.api.SystemState;
import io.jlivepatch.api.TargetClass;
import io.jlivepatch.samples.targets.ConsoleLoglevel;

/**
 * The kernel's {@code test_klp_state2} and {@code test_klp_state3} (state 1, version 2, which
 * supports migration): like {@link LoglevelStateV1}, but when a previous patch already holds the
 * state it takes the saved level over instead of saving it again, and hands it back when its own
 * enable is reversed.
 */
@TargetClass("vmlinux")
public final class LoglevelStateV2 implements ObjectCallbacks {

    private static final long ID = LoglevelStateV1.CONSOLE_LOGLEVEL_STATE;

    private static void info(ObjectContext object, String text) {
        System.out.println(object.patchName() + ": " + text);
    }

    @Override
    public void prePatch(ObjectContext object) {
        info(object, "pre_patch_callback: vmlinux");
        if (object.previousState(ID) != null) {
            info(object, "allocate_loglevel_state: space to store console_loglevel already allocated");
            return;
        }
        object.state(ID).setData(new int[1]);
        info(object, "allocate_loglevel_state: allocating space to store console_loglevel");
    }

    @Override
    public void postPatch(ObjectContext object) {
        info(object, "post_patch_callback: vmlinux");
        SystemState state = object.state(ID);
        SystemState previous = object.previousState(ID);
        if (previous != null) {
            info(object, "fix_console_loglevel: taking over the console_loglevel change");
            state.setData(previous.data());
            return;
        }
        info(object, "fix_console_loglevel: fixing console_loglevel");
        ((int[]) state.data())[0] = ConsoleLoglevel.value;
        ConsoleLoglevel.value = LoglevelStateV1.CONSOLE_LOGLEVEL_MOTORMOUTH;
    }

    @Override
    public void preUnpatch(ObjectContext object) {
        info(object, "pre_unpatch_callback: vmlinux");
        if (object.previousState(ID) != null) {
            info(object, "restore_console_loglevel: passing the console_loglevel change back to the old livepatch");
            return;
        }
        info(object, "restore_console_loglevel: restoring console_loglevel");
        ConsoleLoglevel.value = ((int[]) object.state(ID).data())[0];
    }

    @Override
    public void postUnpatch(ObjectContext object) {
        info(object, "post_unpatch_callback: vmlinux");
        if (object.previousState(ID) != null) {
            info(object, "free_loglevel_state: keeping space to store console_loglevel");
            return;
        }
        info(object, "free_loglevel_state: freeing space for the stored console_loglevel");
        object.state(ID).setData(null);
    }
}
