package io.jlivepatch.core.registry;

import io.jlivepatch.core.model.PatchFunc;
import io.jlivepatch.core.model.PatchObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The sysfs view of the active patches ({@code /sys/kernel/livepatch/<patch>/<object>}): names,
 * flags, stack order, and per object whether a copy is loaded and patched.
 *
 * <p>Stateless; called under the registry lock.
 */
final class StatusReport {

    private StatusReport() {}

    /**
     * The listing of {@code patches} in stack order.
     *
     * @param loaded the names (of the patches' objects) that have a loaded copy, from one look
     * @param transitionPatch the patch in transition, or {@code null}
     * @param copies which loaded copies the patches actually apply to
     */
    static List<PatchStatus> of(List<ActivePatch> patches, Set<String> loaded, ActivePatch transitionPatch,
                                LoadedObjects copies) {
        List<PatchStatus> result = new ArrayList<>();
        int order = 1;
        for (ActivePatch entry : patches) {
            List<PatchStatus.ObjectStatus> objects = new ArrayList<>();
            for (PatchObject object : entry.objects()) {
                boolean isLoaded = loaded.contains(object.className());
                List<PatchStatus.FuncStatus> funcs = new ArrayList<>();
                for (PatchFunc func : object.funcs()) {
                    funcs.add(new PatchStatus.FuncStatus(func.method().name(), func.method().descriptor(),
                            func.isNop()));
                }
                // As the kernel's sysfs: patched only if the copies really carry the patch.
                boolean patched = isLoaded && !copies.hasUnpatchedCopy(object.className());
                objects.add(new PatchStatus.ObjectStatus(object.className(), isLoaded, patched, funcs));
            }
            result.add(new PatchStatus(entry.name(), entry.enabled, entry == transitionPatch,
                    entry.patch.replace(), entry.forced, order++, entry.patch.sha256(), objects));
        }
        return result;
    }

    /** The class names every listed object has, for the one look at the loaded classes. */
    static Set<String> objectNames(List<ActivePatch> patches) {
        Set<String> names = new HashSet<>();
        for (ActivePatch entry : patches) {
            entry.objects().forEach(o -> names.add(o.className()));
        }
        return names;
    }
}
