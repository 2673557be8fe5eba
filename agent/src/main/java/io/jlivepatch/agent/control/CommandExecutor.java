package io.jlivepatch.agent.control;

import io.jlivepatch.agent.trust.Signer;
import io.jlivepatch.agent.trust.TrustStore;
import io.jlivepatch.agent.trust.UntrustedPatchException;
import io.jlivepatch.core.event.LivepatchListener;
import io.jlivepatch.core.model.Patch;
import io.jlivepatch.core.reader.PatchFormatException;
import io.jlivepatch.core.reader.PatchJarReader;
import io.jlivepatch.core.registry.Livepatch;
import io.jlivepatch.core.registry.LivepatchException;
import io.jlivepatch.core.registry.PatchStatus;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;

/**
 * Carries out one {@link Command} against the engine, synchronously: it starts a transition, never
 * waits for one (the CLI follows it through {@link Channel#STATUS}). Then it audits the operation
 * (log line, {@link History}, JFR), refreshes the status and publishes the {@link Reply}, in that
 * order, so that a reply is never newer than the status and history beside it.
 *
 * <p>Refusals change nothing: the engine guarantees that for its own refusals, and the checks here
 * (version, signature against the trust store, jar changed since the CLI read it) run before the
 * engine is touched. With a trust store, the jar's bytes are read once: the signature is checked on
 * those bytes, and the patch read from the same bytes.
 *
 * <p>Thread-safety: {@link #execute} is synchronized, so commands from the attach thread, MBean
 * operations and the startup directory run one at a time and their replies and audit lines come
 * out in order. It is never called with the engine's lock held.
 */
public final class CommandExecutor {

    private final String version;
    private final Journal journal;
    private final History history;
    private final StatusPublisher status;
    private final Properties published;
    private final LivepatchListener log;
    private final OperationEvents events;
    private final TrustStore trust;
    private final Signatures signatures;
    private final Deque<String> replies = new ArrayDeque<>();
    private volatile Livepatch livepatch;

    CommandExecutor(String version, Journal journal, History history, StatusPublisher status, Properties published,
                    LivepatchListener log, OperationEvents events, TrustStore trust, Signatures signatures) {
        this.version = version;
        this.journal = journal;
        this.history = history;
        this.status = status;
        this.published = published;
        this.log = log;
        this.events = events;
        this.trust = trust;
        this.signatures = signatures;
    }

    void bind(Livepatch engine) {
        livepatch = engine;
    }

    /** Runs {@code command}, audits it, publishes its reply if it has an id, and returns the reply. */
    public synchronized Reply execute(Command command) {
        long firstSeq = journal.nextSeq();
        String patch = command.subject();
        String sha256 = "";
        Signer signer = null;
        String error = null;
        boolean busy = false;
        try {
            if (command.version() != null && !command.version().equals(version)) {
                error = "this process runs the jlivepatch " + version + " agent and the request came from jlivepatch "
                        + command.version() + ": use the jlivepatch " + version
                        + " CLI with it, or restart the process to load " + command.version();
            } else {
                switch (command.kind()) {
                    case LOAD -> {
                        // One read: what is verified is exactly what is loaded.
                        byte[] bytes = PatchJarReader.bytes(Path.of(command.patch()));
                        if (trust != null) {
                            signer = trust.verify(command.patch(), bytes);
                        }
                        Patch read = PatchJarReader.read(command.patch(), bytes);
                        patch = read.name();
                        sha256 = read.sha256();
                        if (command.sha256() != null && !command.sha256().equals(read.sha256())) {
                            error = command.patch() + " changed after the CLI read it (SHA-256 " + command.sha256()
                                    + " then, " + read.sha256() + " now); nothing was loaded: run the command again";
                        } else {
                            livepatch.enable(read);
                            if (signer != null) {
                                remember(read.sha256(), signer);
                            }
                        }
                    }
                    case DISABLE -> {
                        sha256 = sha256Of(patch);
                        livepatch.disable(patch);
                    }
                    case FORCE -> {
                        sha256 = sha256Of(patch);
                        livepatch.force(patch);
                    }
                    case REVERSE -> {
                        sha256 = sha256Of(patch);
                        // Atomic in the engine: refused if the transition is no longer in progress.
                        livepatch.reverse(patch);
                    }
                    default -> throw new IllegalStateException("unknown command " + command.kind());
                }
            }
        } catch (PatchFormatException | UntrustedPatchException e) {
            error = e.getMessage();
        } catch (LivepatchException e) {
            error = e.getMessage();
            busy = e.isBusy();
        } catch (RuntimeException e) {
            error = "unexpected failure, see the log of this process: " + e;
            System.getLogger("io.jlivepatch").log(System.Logger.Level.ERROR,
                    "jlivepatch: " + command.kind().word() + " '" + patch + "' failed", e);
        }
        String result = error == null ? "ok" : (busy ? "busy: " : "refused: ") + error;
        audit(command, patch, sha256, signer, result);
        status.refreshNow();
        Reply reply = new Reply(command.id(), command.kind().word(), error == null, busy, patch,
                sha256.isEmpty() ? null : sha256, error, firstSeq);
        publish(reply);
        return reply;
    }

    private String sha256Of(String name) {
        for (PatchStatus p : livepatch.patches()) {
            if (p.name().equals(name)) {
                return p.sha256();
            }
        }
        return "";
    }

    private void remember(String sha256, Signer signer) {
        signatures.put(sha256, signer);
        if (signatures.needsPruning()) {
            Set<String> active = new HashSet<>();
            for (PatchStatus p : livepatch.patches()) {
                active.add(p.sha256());
            }
            signatures.retainOnly(active);
        }
    }

    private void audit(Command command, String patch, String sha256, Signer signer, String result) {
        History.Entry entry = new History.Entry(System.currentTimeMillis(), command.kind().word(), patch, sha256,
                command.requester(), result, signer == null ? null : signer.subject());
        history.add(entry);
        log.message(LivepatchListener.Level.NOTICE, entry.line());
        events.operation(command.kind(), patch, sha256, command.requester(), result);
    }

    private void publish(Reply reply) {
        if (reply.id() == null) {
            return;
        }
        published.setProperty(Channel.REPLY + reply.id(), reply.toJson());
        replies.addLast(reply.id());
        while (replies.size() > Channel.REPLIES_KEPT) {
            published.remove(Channel.REPLY + replies.removeFirst());
        }
    }
}
