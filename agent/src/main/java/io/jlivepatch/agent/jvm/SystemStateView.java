package io.jlivepatch.agent.jvm;

import io.jlivepatch.api.SystemState;
import io.jlivepatch.core.state.LiveState;

/**
 * A core {@link LiveState} as the patch-author API's {@link SystemState}: the same data, read and
 * written through.
 *
 * <p>Thread-safety: as {@link LiveState} (the data reference is volatile).
 */
final class SystemStateView implements SystemState {

    private final LiveState state;

    private SystemStateView(LiveState state) {
        this.state = state;
    }

    /** The view of {@code state}, or {@code null} for {@code null}. */
    static SystemState of(LiveState state) {
        return state == null ? null : new SystemStateView(state);
    }

    @Override
    public long id() {
        return state.id();
    }

    @Override
    public long version() {
        return state.version();
    }

    @Override
    public Object data() {
        return state.data();
    }

    @Override
    public void setData(Object data) {
        state.setData(data);
    }

    @Override
    public String toString() {
        return state.toString();
    }
}
