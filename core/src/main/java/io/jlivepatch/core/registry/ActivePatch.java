package io.jlivepatch.core.registry;

import io.jlivepatch.core.funcstack.MethodKey;
import io.jlivepatch.core.model.Patch;
import io.jlivepatch.core.model.PatchFunc;
import io.jlivepatch.core.model.PatchObject;
import io.jlivepatch.core.model.SystemState;
import io.jlivepatch.core.state.LiveState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The registry's run-time state of one patch in the active list (the kernel's {@code klp_patch}
 * internal fields). Spec stays in the immutable {@link Patch}; mutable flags live here.
 *
 * <p>Not thread-safe: guarded by the registry lock.
 */
final class ActivePatch {

    /** The patch as enabled, with the nops atomic replace added until they are discarded. */
    final Patch patch;
    /** The direction the patch is heading; flips when a transition starts. */
    boolean enabled;
    /** A forced transition touched this patch. */
    boolean forced;
    /** The nops atomic replace added are off the stacks (its transition completed). */
    boolean nopsDiscarded;
    /** Its system states with their callbacks' data, by id; they live as long as this entry. */
    final Map<Long, LiveState> states = new LinkedHashMap<>();

    ActivePatch(Patch patch) {
        this.patch = patch;
        for (SystemState state : patch.states()) {
            states.put(state.id(), new LiveState(state));
        }
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
                objects.add(object.withFuncs(object.funcs().stream().filter(f -> !f.isNop()).toList()));
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
