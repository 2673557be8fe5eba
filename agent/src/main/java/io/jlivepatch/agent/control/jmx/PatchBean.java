package io.jlivepatch.agent.control.jmx;

import io.jlivepatch.agent.control.Command;
import io.jlivepatch.agent.control.CommandExecutor;
import io.jlivepatch.agent.control.Reply;
import io.jlivepatch.core.registry.Livepatch;
import io.jlivepatch.core.registry.PatchStatus;

/**
 * {@link PatchMXBean} of one patch: reads the engine at every call (no cached state to fall out of
 * step), and sends operations through the {@link CommandExecutor}, so they are audited like the
 * CLI's. A patch that is gone reads as disabled with stack order 0 until the MBean is unregistered.
 *
 * <p>Thread-safety: thread-safe (the engine and the executor are).
 */
final class PatchBean implements PatchMXBean {

    private final String name;
    private final Livepatch livepatch;
    private final CommandExecutor executor;

    PatchBean(String name, Livepatch livepatch, CommandExecutor executor) {
        this.name = name;
        this.livepatch = livepatch;
        this.executor = executor;
    }

    private PatchStatus status() {
        for (PatchStatus p : livepatch.patches()) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        return null;
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
