package io.jlivepatch.core.state;

import io.jlivepatch.core.model.SystemState;

/**
 * A system state of an active patch, with the data its callbacks own (the kernel's
 * {@code struct klp_state} as the core sees it at run time: {@link SystemState} is the declaration,
 * this is the instance). It lives as long as the patch is active; a cumulative patch takes the data
 * over from its predecessor's instance during the replace.
 *
 * <p>Thread-safety: the declaration is immutable; {@code data} is volatile, written and read by
 * callbacks on whatever thread they run.
 */
public final class LiveState {

    private final SystemState declared;
    /** Written and read by callbacks; starts {@code null}. */
    private volatile Object data;

    public LiveState(SystemState declared) {
        this.declared = declared;
    }

    public long id() {
        return declared.id();
    }

    public long version() {
        return declared.version();
    }

    /** The callbacks' data, or {@code null}. */
    public Object data() {
        return data;
    }

    public void setData(Object newData) {
        this.data = newData;
    }

    @Override
    public String toString() {
        return "state " + declared;
    }
}
