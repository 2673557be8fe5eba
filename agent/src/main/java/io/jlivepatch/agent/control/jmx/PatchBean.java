package io.jlivepatch.agent.control.jmx;

import io.jlivepatch.agent.control.Command;
import io.jlivepatch.agent.control.CommandExecutor;
import io.jlivepatch.agent.control.Reply;
import io.jlivepatch.agent.control.StatusDocument;
import io.jlivepatch.core.registry.PatchStatus;
import java.util.function.Supplier;

/**
 * {@link PatchMXBean} of one patch: renders the patch's entry of the status document the agent last
 * published (the one {@code list --json} prints, refreshed after every operation and engine message),
 * read at every call, and sends operations through the {@link CommandExecutor}, so they are audited
 * like the CLI's. A patch that is gone reads as disabled with stack order 0 until the MBean is
 * unregistered.
 *
 * <p>Thread-safety: thread-safe (documents are immutable; the supplier and the executor are thread-safe).
 */
final class PatchBean implements PatchMXBean {

    private final String name;
    private final Supplier<StatusDocument> status;
    private final CommandExecutor executor;

    PatchBean(String name, Supplier<StatusDocument> status, CommandExecutor executor) {
        this.name = name;
        this.status = status;
        this.executor = executor;
    }

    private PatchStatus status() {
        return status.get().patch(name);
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public boolean isEnabled() {
        PatchStatus p = status();
        return p != null && p.enabled();
    }

    @Override
    public boolean isTransition() {
        PatchStatus p = status();
        return p != null && p.transition();
    }

    @Override
    public boolean isReplace() {
        PatchStatus p = status();
        return p != null && p.replace();
    }

    @Override
    public boolean isForced() {
        PatchStatus p = status();
        return p != null && p.forced();
    }

    @Override
    public int getStackOrder() {
        PatchStatus p = status();
        return p == null ? 0 : p.stackOrder();
    }

    @Override
    public String getSha256() {
        PatchStatus p = status();
        return p == null ? "" : p.sha256();
    }

    @Override
    public String getSigner() {
        StatusDocument document = status.get();
        PatchStatus p = document.patch(name);
        io.jlivepatch.agent.trust.Signer signer = p == null ? null : document.signer(p);
        return signer == null ? "" : signer.subject();
    }

    @Override
    public PatchObjectInfo[] getObjects() {
        PatchStatus p = status();
        if (p == null) {
            return new PatchObjectInfo[0];
        }
        return p.objects().stream().map(o -> new PatchObjectInfo(o.name(), o.loaded(), o.patched(),
                o.funcs().stream().map(f -> new PatchObjectInfo.FuncInfo(f.name(), f.descriptor(), f.nop()))
                        .toArray(PatchObjectInfo.FuncInfo[]::new)))
                .toArray(PatchObjectInfo[]::new);
    }

    @Override
    public void disable() {
        run(Command.Kind.DISABLE);
    }

    @Override
    public void force() {
        run(Command.Kind.FORCE);
    }

    private void run(Command.Kind kind) {
        Reply reply = executor.execute(new Command(kind, null, name, null, null, null,
                new Command.Requester("?", -1, "jmx")));
        if (!reply.ok()) {
            // A JDK exception type, so that a remote JMX client can deserialize it.
            throw new IllegalStateException(reply.error());
        }
    }
}
