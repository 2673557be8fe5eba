package io.jlivepatch.core.registry;

import io.jlivepatch.core.funcstack.FuncStacks;
import io.jlivepatch.core.model.Patch;
import io.jlivepatch.core.model.PatchFunc;
import io.jlivepatch.core.model.PatchObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Atomic replace's dynamic nop funcs (the kernel's {@code klp_add_nops} and
 * {@code klp_discard_nops} in {@code core.c}): a replace patch gets one nop per method that only
 * older patches patch, so its transition reverts those methods with no unpatched window; once it
 * completes, the nops come off the func stacks again.
 *
 * <p>Stateless; called under the registry lock.
 */
final class Nops {

    private Nops() {}

    /**
     * {@code patch} with a nop for every method an older patch in {@code active} patches and it does
     * not. An older replace patch counts with the funcs it still lists (its discarded nops are gone).
     * Objects that only nops touch are added as dynamic objects (the kernel's {@code dynamic} flag).
     */
    static Patch add(Patch patch, List<ActivePatch> active) {
        Map<String, List<PatchFunc>> extra = new LinkedHashMap<>();
        for (ActivePatch old : active) {
            for (PatchObject object : old.objects()) {
                PatchObject mine = patch.object(object.className());
                List<PatchFunc> nops = extra.computeIfAbsent(object.className(), k -> new ArrayList<>());
                for (PatchFunc func : object.funcs()) {
                    boolean patchedByMe = mine != null && mine.func(func.method()) != null;
                    boolean already = nops.stream().anyMatch(n -> n.method().equals(func.method()));
                    if (!patchedByMe && !already) {
                        nops.add(PatchFunc.nop(func.method()));
                    }
                }
            }
        }
        if (extra.values().stream().allMatch(List::isEmpty)) {
            return patch;
        }
        List<PatchObject> objects = new ArrayList<>();
        for (PatchObject object : patch.objects()) {
            List<PatchFunc> funcs = new ArrayList<>(object.funcs());
            funcs.addAll(extra.getOrDefault(object.className(), List.of()));
            objects.add(object.withFuncs(funcs));
        }
        extra.forEach((className, nops) -> {
            if (patch.object(className) == null && !nops.isEmpty()) {
                objects.add(new PatchObject(className, nops, true));
            }
        });
        return patch.withObjects(objects);
    }

    /**
     * Pops the nops of a completed replace patch off the func stacks. The patch instance stays the
     * same, since func stacks and dispatch caches know it by identity; the entry just stops listing
     * its nops and dynamic objects.
     */
    static void discard(ActivePatch entry, FuncStacks stacks) {
        for (PatchObject object : entry.patch.objects()) {
            List<PatchFunc> nops = object.funcs().stream().filter(PatchFunc::isNop).toList();
            if (!nops.isEmpty()) {
                stacks.pop(entry.patch, new PatchObject(object.className(), nops, object.dynamic()));
            }
        }
        entry.nopsDiscarded = true;
    }
}
