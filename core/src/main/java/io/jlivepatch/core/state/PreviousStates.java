package io.jlivepatch.core.state;

import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * The previous-state handover (the kernel's {@code klp_get_prev_state} in {@code state.c}): during a
 * transition, the callbacks of the transition patch may take over the data of a state that an
 * earlier patch declared. Outside a transition there is no previous state; asking is a bug in the
 * patch, reported once.
 *
 * <p>Not thread-safe: used under the registry lock.
 */
public final class PreviousStates {

    private final LongConsumer warnOnce;
    private boolean warned;

    /**
     * @param warning what to report the first time a previous state is asked for outside a
     *     transition (the kernel's {@code WARN_ON_ONCE})
     */
    public PreviousStates(LongConsumer warning) {
        this.warnOnce = warning;
    }

    /**
     * State {@code id} of the latest patch before the transition patch that declares it, or
     * {@code null}.
     *
     * @param before the live states of the active patches before the transition patch, in order;
     *     {@code null} when no transition is in progress
     */
    public LiveState previous(List<Map<Long, LiveState>> before, long id) {
        if (before == null) {
            if (!warned) {
                warned = true;
                warnOnce.accept(id);
            }
            return null;
        }
        LiveState found = null;
        for (Map<Long, LiveState> states : before) {
            LiveState state = states.get(id);
            if (state != null) {
                found = state;
            }
        }
        return found;
    }
}
