package io.jlivepatch.samples.patches.callbacks;

import io.jlivepatch.api.ObjectCallbacks;
import io.jlivepatch.api.ObjectContext;

/**
 * The callbacks of the kernel's {@code test_klp_callbacks_demo} (and {@code _demo2}): each prints
 * itself as the kernel module does ({@code <patch>: pre_patch_callback: vmlinux}, or
 * {@code <patch>: pre_patch_callback: <module> -> <module state>}); pre-patch then fails with the
 * patch's {@code pre_patch_ret} parameter, the system property {@code <patch>.pre_patch_ret}.
 *
 * <p>One subclass per object names its target: a callbacks class has one {@code @TargetClass}.
 */
public abstract class DemoCallbacks implements ObjectCallbacks {

    private static void info(String callback, ObjectContext object) {
        String what = object.className().equals("vmlinux") ? "vmlinux"
                : object.className() + " -> " + moduleState(object.loadState());
        System.out.println(object.patchName() + ": " + callback + ": " + what);
    }

    private static String moduleState(ObjectContext.LoadState state) {
        // Not a switch on the enum: javac would add a synthetic class (DemoCallbacks$1) to the jar.
        if (state == ObjectContext.LoadState.COMING) {
            return "[MODULE_STATE_COMING] Full formed, running module_init";
        }
        return state == ObjectContext.LoadState.GOING ? "[MODULE_STATE_GOING] Going away"
                : "[MODULE_STATE_LIVE] Normal state";
    }

    @Override
    public void prePatch(ObjectContext object) throws Exception {
        info("pre_patch_callback", object);
        int ret = Integer.parseInt(System.getProperty(object.patchName() + ".pre_patch_ret", "0"));
        if (ret != 0) {
            throw new IllegalStateException(ret == -19 ? "No such device" : "error " + ret);
        }
    }

    @Override
    public void postPatch(ObjectContext object) {
        info("post_patch_callback", object);
    }

    @Override
    public void preUnpatch(ObjectContext object) {
        info("pre_unpatch_callback", object);
    }

    @Override
    public void postUnpatch(ObjectContext object) {
        info("post_unpatch_callback", object);
    }
}
