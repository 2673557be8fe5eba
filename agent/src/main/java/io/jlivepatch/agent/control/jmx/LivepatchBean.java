package io.jlivepatch.agent.control.jmx;

import io.jlivepatch.agent.control.History;
import io.jlivepatch.core.registry.Livepatch;
import io.jlivepatch.core.registry.PatchStatus;
import io.jlivepatch.core.registry.TransitionStatus;
import io.jlivepatch.core.transition.PatchState;

/**
 * {@link LivepatchMXBean}: reads the engine and the audit trail at every call.
 *
 * <p>Thread-safety: thread-safe (the engine and the history are).
 */
final class LivepatchBean implements LivepatchMXBean {

    private final String version;
    private final Livepatch livepatch;
    private final History history;

    LivepatchBean(String version, Livepatch livepatch, History history) {
        this.version = version;
        this.livepatch = livepatch;
        this.history = history;
    }

    @Override
    public String getVersion() {
        return version;
    }

    @Override
    public String[] getPatches() {
        return livepatch.patches().stream().map(PatchStatus::name).toArray(String[]::new);
    }

    @Override
    public TransitionInfo getTransition() {
        TransitionStatus t = livepatch.transition();
        if (t == null) {
            return null;
        }
        return new TransitionInfo(t.patch(), t.target() == PatchState.PATCHED ? "patched" : "unpatched",
                t.remaining(), t.blockers().stream().map(b -> b.thread() + ": " + b.frame()).toArray(String[]::new));
    }

    @Override
    public String[] getHistory() {
        return history.entries().stream().map(History.Entry::line).toArray(String[]::new);
    }
}
