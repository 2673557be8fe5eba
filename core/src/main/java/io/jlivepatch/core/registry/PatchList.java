package io.jlivepatch.core.registry;

import io.jlivepatch.core.model.Patch;
import io.jlivepatch.core.state.LiveState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The ordered list of active patches and the patch in transition (the kernel's {@code klp_patches}
 * and {@code klp_transition_patch}): newest last; a patch stays listed from its enable until its
 * disable completes, or until the replace patch that replaces it completes.
 *
 * <p>Not thread-safe: guarded by the registry lock.
 */
final class PatchList {

    private final List<ActivePatch> entries = new ArrayList<>();
    /** From init until completion or cancel. */
    private ActivePatch transitionPatch;

    /** The entries, in stack order (live view; do not modify while iterating it). */
    List<ActivePatch> entries() {
        return entries;
    }

    /** The patches, in stack order (a copy). */
    List<Patch> patches() {
        List<Patch> list = new ArrayList<>();
        for (ActivePatch entry : entries) {
            list.add(entry.patch);
        }
        return list;
    }

    ActivePatch find(String name) {
        for (ActivePatch entry : entries) {
            if (entry.name().equals(name)) {
                return entry;
            }
        }
        return null;
    }

    void add(ActivePatch entry) {
        entries.add(entry);
    }

    void remove(ActivePatch entry) {
        entries.remove(entry);
    }

    /** The patch in transition, or {@code null}. */
    ActivePatch transitionPatch() {
        return transitionPatch;
    }

    /** The kernel's {@code klp_init_transition} as callbacks see it: from here on {@code entry} is the transition patch. */
    void init(ActivePatch entry) {
        transitionPatch = entry;
    }

    /** The transition patch's transition completed or was cancelled. */
    void endTransition() {
        transitionPatch = null;
    }

    /**
     * The live states of the patches listed before the transition patch, in order, for
     * {@code klp_get_prev_state}; {@code null} when no patch is in transition.
     */
    List<Map<Long, LiveState>> statesBeforeTransition() {
        if (transitionPatch == null) {
            return null;
        }
        List<Map<Long, LiveState>> before = new ArrayList<>();
        for (ActivePatch entry : entries) {
            if (entry == transitionPatch) {
                break;
            }
            before.add(entry.states);
        }
        return before;
    }
}
