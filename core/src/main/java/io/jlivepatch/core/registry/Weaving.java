package io.jlivepatch.core.registry;

import io.jlivepatch.core.event.Messages;
import io.jlivepatch.core.funcstack.DispatchTable;
import io.jlivepatch.core.funcstack.LoadedCopies;
import io.jlivepatch.core.funcstack.Patching;
import io.jlivepatch.core.funcstack.PrepareException;
import io.jlivepatch.core.model.Patch;
import io.jlivepatch.core.model.PatchObject;
import io.jlivepatch.core.weave.Fingerprinted;
import io.jlivepatch.core.weave.WeavePlan;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The registry's trampoline side (the kernel's ftrace registration in {@code patch.c}, done here
 * by retransformation): weaving an enabling patch's trampolines in one retransformation, removing
 * the trampolines of methods that lost their last func, and the {@link WeavePlan} the class-file
 * transformer decides by.
 *
 * <p>Thread-safety: every method but {@link #plan} runs under the registry lock. The plan is one
 * immutable value behind a volatile field: written here under the lock, read lock-free by the
 * transformer for every class it sees.
 */
final class Weaving {

    private final ClassRedefiner redefiner;
    private final DispatchTable dispatch;
    private final Messages messages;
    private final Patching patching = new Patching();
    private Fingerprinted enabling = Fingerprinted.NONE;
    private Fingerprinted active = Fingerprinted.NONE;
    private Set<String> objects = Set.of();
    /** Written under the registry lock, read by the transformer. */
    private volatile WeavePlan plan = WeavePlan.EMPTY;

    Weaving(ClassRedefiner redefiner, DispatchTable dispatch, Messages messages) {
        this.redefiner = redefiner;
        this.dispatch = dispatch;
        this.messages = messages;
    }

    /** The plan the transformer weaves by now. Lock-free. */
    WeavePlan plan() {
        return plan;
    }

    Patching patching() {
        return patching;
    }

    /**
     * Makes {@code patch} ready to be pushed: reserves its trampolines and publishes them with its
     * fingerprints; then, with one look at the loaded classes (taken after that publication, so a
     * copy that loads later is woven as it loads), prepares its replacement code for the loaded
     * copies and weaves them in one retransformation, which also includes every loaded class the
     * patch has fingerprinted funcs for (the transformer checks each copy). All or nothing: on
     * failure every class goes back to the trampolines it had, and the error names the cause; a
     * misfit is reported as such, naming the patch and method.
     *
     * @return the look at the loaded classes, for the rest of the enable
     * @throws LivepatchException refused, with nothing changed
     */
    LoadedCopies weave(Patch patch) {
        Set<String> grown = patching.reserve(patch);
        Fingerprinted checks = Fingerprinted.of(List.of(patch));
        enabling = checks;
        publish();
        Set<String> names = new LinkedHashSet<>();
        patch.objects().forEach(o -> names.add(o.className()));
        LoadedCopies loaded = redefiner.look(names);
        List<PatchObject> loadedObjects = new ArrayList<>();
        for (PatchObject object : patch.objects()) {
            if (loaded.names().contains(object.className())) {
                loadedObjects.add(object);
            }
        }
        try {
            dispatch.prepareAll(patch, loadedObjects, loaded);
        } catch (PrepareException e) {
            // Nothing was retransformed yet: only a copy that loaded after the look carries the
            // new trampolines (it was woven as it loaded).
            Set<String> loadedSince = new LinkedHashSet<>(grown);
            loadedSince.removeAll(loaded.names());
            undo(patch, loadedSince);
            messages.error(e.getMessage());
            throw LivepatchException.refused(e.getMessage(), e);
        }
        Set<String> retransformed = new LinkedHashSet<>();
        for (String className : loaded.names()) {
            if (grown.contains(className) || checks.covers(className)) {
                retransformed.add(className);
            }
        }
        try {
            if (!retransformed.isEmpty()) {
                redefiner.redefine(loaded, retransformed);
            }
        } catch (RedefineException e) {
            undo(patch, grown);
            String message = e.misfit() != null ? e.misfit() : "patch '" + patch.name() + "': " + e.getMessage();
            messages.error(message);
            throw LivepatchException.refused(message, e);
        }
        patching.retransformed();
        publish();
        return loaded;
    }

    /**
     * Takes back a failed {@link #weave}: the plan as before, the loaded copies of {@code rewoven}
     * back to the trampolines they had, the code released.
     */
    private void undo(Patch patch, Set<String> rewoven) {
        patching.unreserve();
        enabling = Fingerprinted.NONE;
        publish();
        restore(rewoven);
        dispatch.release(patch);
    }

    /**
     * Removes trampolines from methods whose func stacks are empty (and drops a reservation), in
     * one retransformation; their call sites are forgotten.
     */
    void unweave() {
        Patching.Unweave gone = patching.settle();
        publish();
        gone.methods().forEach(dispatch::forget);
        if (!gone.isEmpty()) {
            restore(gone.classes());
        }
    }

    /**
     * The active patches changed (or an enable ended): their fingerprints and the classes they name
     * go into the plan, and the enabling patch's fingerprints leave it.
     */
    void activeChanged(List<Patch> now, Set<String> objectNames) {
        active = Fingerprinted.of(now);
        enabling = Fingerprinted.NONE;
        objects = Set.copyOf(objectNames);
        publish();
    }

    /** Re-applies the current trampolines to the loaded copies of {@code classNames}. */
    private void restore(Set<String> classNames) {
        if (classNames.isEmpty()) {
            return;
        }
        try {
            LoadedCopies loaded = redefiner.look(classNames);
            if (!loaded.names().isEmpty()) {
                redefiner.redefine(loaded, loaded.names());
            }
        } catch (RedefineException again) {
            messages.error("cannot restore " + classNames + ": " + again.getMessage());
        }
    }

    private void publish() {
        plan = new WeavePlan(patching.trampolines(), patching.fallback(), objects, enabling, active);
    }
}
