package io.jlivepatch.core.state;

import io.jlivepatch.core.model.Patch;
import io.jlivepatch.core.model.SystemState;
import java.util.List;

/**
 * System-state compatibility (the kernel's {@code state.c}, {@code klp_is_patch_compatible}): a new
 * patch must keep every state the active patches declare, in the same or a newer version; only a
 * non-replace patch may leave a state undeclared (the patch that declares it stays active).
 *
 * <p>Stateless and thread-safe.
 */
public final class SystemStates {

    private SystemStates() {}

    /** Whether {@code candidate} may be enabled on top of {@code active}. */
    public static boolean isCompatible(Patch candidate, List<Patch> active) {
        for (Patch old : active) {
            for (SystemState state : old.states()) {
                SystemState mine = candidate.state(state.id());
                if (mine == null) {
                    if (candidate.replace()) {
                        return false;
                    }
                } else if (mine.version() < state.version()) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * The state {@code id} of the latest patch before {@code current} in {@code active} that declares
     * it (the kernel's {@code klp_get_prev_state}), or {@code null}.
     */
    public static SystemState previous(List<Patch> active, Patch current, long id) {
        SystemState found = null;
        for (Patch patch : active) {
            if (patch == current) {
                break;
            }
            SystemState state = patch.state(id);
            if (state != null) {
                found = state;
            }
        }
        return found;
    }
}
