package io.jlivepatch.core.registry;

import io.jlivepatch.core.model.Patch;
import io.jlivepatch.core.model.PatchObject;
import io.jlivepatch.core.state.LiveState;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * One callback call as the core hands it to the {@link CallbackRunner}: the patch, the object, the
 * copy (its defining loader), its load state, and the patch's system states. The agent turns it
 * into the patch-author API's {@code ObjectContext}.
 *
 * <p>Thread-safety: immutable; {@link #previousState} takes the registry lock, so it is safe from
 * any thread (and re-entrant from a callback).
 */
public final class CallbackContext {

    private final Patch patch;
    private final PatchObject object;
    private final Object loader;
    private final LoadState loadState;
    private final Map<Long, LiveState> states;
    private final LongFunction<LiveState> previous;

    CallbackContext(Patch patch, PatchObject object, Object loader, LoadState loadState, Map<Long, LiveState> states,
                    LongFunction<LiveState> previous) {
        this.patch = patch;
        this.object = object;
        this.loader = loader;
        this.loadState = loadState;
        this.states = states;
        this.previous = previous;
    }

    public Patch patch() {
        return patch;
    }

    /** The object whose callbacks run; {@link PatchObject#callbacks()} names their class. */
    public PatchObject object() {
        return object;
    }

    /** The copy's defining loader, opaque ({@code null} for the bootstrap loader). */
    public Object loader() {
        return loader;
    }

    public LoadState loadState() {
        return loadState;
    }

    /** This patch's state {@code id} (the kernel's {@code klp_get_state}), or {@code null}. */
    public LiveState state(long id) {
        return states.get(id);
    }

    /**
     * The state {@code id} of the newest patch before the transition patch (the kernel's
     * {@code klp_get_prev_state}), or {@code null}; outside a transition {@code null}, after a
     * one-time warning.
     */
    public LiveState previousState(long id) {
        return previous.apply(id);
    }

    @Override
    public String toString() {
        return "patch '" + patch.name() + "' object " + object.className() + " (" + loadState + ")";
    }
}
