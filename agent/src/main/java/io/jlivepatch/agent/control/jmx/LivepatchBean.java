package io.jlivepatch.agent.control.jmx;

import io.jlivepatch.agent.control.History;
import io.jlivepatch.agent.control.StatusDocument;
import io.jlivepatch.core.registry.PatchStatus;
import io.jlivepatch.core.registry.TransitionStatus;
import java.util.function.Supplier;

/**
 * {@link LivepatchMXBean}: renders the status document the agent last published (the one
 * {@code list --json} prints), read at every call.
 *
 * <p>Thread-safety: thread-safe (documents are immutable; the supplier is thread-safe).
 */
final class LivepatchBean implements LivepatchMXBean {

    private final String version;
    private final Supplier<StatusDocument> status;

    LivepatchBean(String version, Supplier<StatusDocument> status) {
        this.version = version;
        this.status = status;
    }

    @Override
    public String getVersion() {
        return version;
    }

    @Override
    public String[] getPatches() {
        return status.get().patches().stream().map(PatchStatus::name).toArray(String[]::new);
    }

    @Override
    public TransitionInfo getTransition() {
        TransitionStatus t = status.get().transition();
        if (t == null) {
            return null;
        }
        return new TransitionInfo(t.patch(), StatusDocument.word(t.target()), t.remaining(),
                t.blockers().stream().map(b -> b.thread() + ": " + b.frame()).toArray(String[]::new));
    }

    @Override
    public String[] getHistory() {
        return status.get().history().stream().map(History.Entry::line).toArray(String[]::new);
    }
}
