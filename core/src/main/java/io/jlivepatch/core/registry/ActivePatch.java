package io.jlivepatch.core.registry;

import io.jlivepatch.core.funcstack.MethodKey;
import io.jlivepatch.core.model.Patch;
import io.jlivepatch.core.model.PatchFunc;
import io.jlivepatch.core.model.PatchObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The registry's run-time state of one patch in the active list (the kernel's {@code klp_patch}
 * internal fields). Spec stays in the immutable {@link Patch}; mutable flags live here.
 *
 * <p>Not thread-safe: guarded by the registry lock.
 */
final class ActivePatch {

    /** The patch as enabled, with the nops atomic replace added until they are discarded. */
    Patch patch;
    /** The direction the patch is heading; flips when a transition starts. */
    boolean enabled;
    /** A forced transition touched this patch. */
    boolean forced;
    /** The nops atomic replace added are off the stacks (its transition completed). */
    boolean nopsDiscarded;

    ActivePatch(Patch patch) {
        this.patch = patch;
    }

    String name() {
        return patch.name();
    }

    /** The objects as listed: without nops and dynamic objects once they are discarded. */
    List<PatchObject> objects() {
        if (!nopsDiscarded) {
            return patch.objects();
        }
        List<PatchObject> objects = new ArrayList<>();
        for (PatchObject object : patch.objects()) {
            if (!object.dynamic()) {
                objects.add(new PatchObject(object.className(),
                        object.funcs().stream().filter(f -> !f.isNop()).toList(), false));
            }
        }
        return objects;
    }

    /** The methods of the funcs this patch has on the func stacks (or will have, while enabling). */
    Set<MethodKey> methods() {
        Set<MethodKey> methods = new LinkedHashSet<>();
        for (PatchObject object : objects()) {
            for (PatchFunc func : object.funcs()) {
                methods.add(new MethodKey(object.className(), func.method()));
            }
        }
        return methods;
    }
}
