package io.jlivepatch.core.registry;

import io.jlivepatch.core.event.Messages;
import io.jlivepatch.core.funcstack.DispatchTable;
import io.jlivepatch.core.funcstack.MethodKey;
import io.jlivepatch.core.funcstack.Patching;
import io.jlivepatch.core.funcstack.Route;
import io.jlivepatch.core.model.Patch;
import io.jlivepatch.core.model.PatchObject;
import io.jlivepatch.core.transition.PatchState;
import io.jlivepatch.core.transition.Transition;
import io.jlivepatch.core.transition.TransitionDriver;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What {@code core.c} does when a transition ends: the completion steps past the threads
 * ({@code klp_complete_transition}'s calls into {@code klp_unpatch_replaced_patches},
 * {@code klp_discard_nops}, {@code klp_unpatch_objects}, the post callbacks and the freeing of
 * patches), and {@code klp_cancel_transition} after a refused pre-patch callback.
 *
 * <p>Not thread-safe: runs under the registry lock.
 */
final class Completion implements TransitionDriver.Completion {

    private final PatchList list;
    private final Patching patching;
    private final Weaving weaving;
    private final DispatchTable dispatch;
    private final LoadedObjects copies;
    private final Messages messages;

    Completion(PatchList list, Weaving weaving, DispatchTable dispatch, LoadedObjects copies, Messages messages) {
        this.list = list;
        this.patching = weaving.patching();
        this.weaving = weaving;
        this.dispatch = dispatch;
        this.copies = copies;
        this.messages = messages;
    }

    /**
     * In the kernel's order: replaced patches and nops come off the func stacks, every touched
     * method gets its steady route, trampolines of emptied methods go, post callbacks run (with
     * previous states still reachable), then the list drops what is gone.
     */
    @Override
    public void complete(Transition finished) {
        ActivePatch entry = list.transitionPatch();
        boolean patching = finished.target() == PatchState.PATCHED;
        Set<MethodKey> touched = new LinkedHashSet<>(entry.methods());
        List<ActivePatch> replaced = new ArrayList<>();
        if (patching && entry.patch.replace()) {
            // klp_unpatch_replaced_patches, then klp_discard_nops. Only the patches before this one
            // are replaced: patches enabled after it (possible when its disable was reversed) stay.
            for (ActivePatch old : list.entries()) {
                if (old == entry) {
                    break;
                }
                old.enabled = false;
                touched.addAll(old.methods());
                popAll(old.patch);
                replaced.add(old);
            }
            Nops.discard(entry, this.patching.stacks());
        }
        if (!patching) {
            popAll(entry.patch);
        }
        for (MethodKey method : touched) {
            dispatch.route(method, new Route.Steady(this.patching.stacks().topVersion(method)));
        }
        dispatch.sync();
        weaving.unweave();
        // Every thread runs the target code now. The transition patch is still the transition
        // patch and the replaced patches are still listed, so post-patch callbacks can take their
        // states over (kernel 5.5+).
        if (patching) {
            copies.postPatch(entry);
        } else {
            copies.postUnpatch(entry);
        }
        list.endTransition();
        if (!patching) {
            forget(entry);
        }
        // Replaced patches get no callbacks: the replace patch took over.
        replaced.forEach(this::forget);
    }

    /**
     * The kernel's {@code klp_cancel_transition} after a refused pre-patch callback: the objects
     * patched so far are unpatched, the trampolines this enable wove go, and copies whose pre-patch
     * succeeded get their post-unpatch. No transition had started, so no thread saw the patch.
     */
    void cancel(ActivePatch entry, List<PatchObject> pushed) {
        messages.failedToEnable(entry.name());
        messages.canceling(entry.name());
        messages.completing(entry.name(), false);
        for (PatchObject object : pushed) {
            patching.pop(entry.patch, object);
        }
        weaving.unweave();
        copies.postUnpatch(entry);
        list.endTransition();
        forget(entry);
        messages.complete(entry.name(), false);
    }

    private void popAll(Patch patch) {
        for (PatchObject object : patch.objects()) {
            patching.pop(patch, object);
        }
    }

    /** Drops a patch that is gone from the list, its code and its callbacks' state. */
    private void forget(ActivePatch entry) {
        list.remove(entry);
        dispatch.release(entry.patch);
        copies.forget(entry);
    }
}
