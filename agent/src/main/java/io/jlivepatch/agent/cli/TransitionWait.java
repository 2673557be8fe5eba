package io.jlivepatch.agent.cli;

import io.jlivepatch.agent.control.Channel;
import io.jlivepatch.agent.control.Journal;
import io.jlivepatch.agent.control.StatusDocument;
import io.jlivepatch.core.event.LivepatchListener;
import io.jlivepatch.core.registry.TransitionStatus;
import io.jlivepatch.core.transition.Blocker;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * Follows a transition from the CLI by polling the target's agent properties (through its command
 * socket or a read-only attach operation, a millisecond or so each): hands on the operation's messages as they appear (from a
 * sequence number on, debug lines left out), shows progress, and stops when the patch is no longer
 * in transition or the time is up.
 *
 * <p>Not thread-safe: one thread follows one target.
 */
final class TransitionWait {

    private static final long FIRST_POLL_MILLIS = 5;
    private static final long MAX_POLL_MILLIS = 100;

    private final Session session;
    private final Terminal terminal;
    private final Consumer<String> messages;
    private long nextSeq;
    private StatusDocument status;

    /**
     * @param firstSeq the first message sequence number that belongs to the operation
     * @param messages receives the operation's messages, in order
     */
    TransitionWait(Session session, Terminal terminal, long firstSeq, Consumer<String> messages) {
        this.session = session;
        this.terminal = terminal;
        this.nextSeq = firstSeq;
        this.messages = messages;
    }

    /** Reads the target once: hands on new messages and returns the current status. */
    StatusDocument poll() throws Failure {
        Properties props = session.agentProperties();
        for (Journal.Entry e : Journal.parse(props.getProperty(Channel.LOG))) {
            if (e.seq() >= nextSeq) {
                nextSeq = e.seq() + 1;
                if (e.level() != LivepatchListener.Level.DEBUG) {
                    messages.accept(e.text());
                }
            }
        }
        status = Session.status(props, session.target().pid());
        return status;
    }

    /**
     * Waits until {@code patch} is not in transition, for at most {@code timeoutMillis}.
     *
     * @return whether the transition completed (else it timed out); {@link #status()} is the last snapshot
     */
    boolean await(String patch, long timeoutMillis) throws Failure {
        long start = System.nanoTime();
        long pause = FIRST_POLL_MILLIS;
        while (true) {
            TransitionStatus t = poll().transition();
            if (t == null || !patch.equals(t.patch())) {
                terminal.clearProgress();
                return true;
            }
            long waited = (System.nanoTime() - start) / 1_000_000;
            if (waited >= timeoutMillis) {
                terminal.clearProgress();
                return false;
            }
            terminal.progress(progress(t, waited, timeoutMillis));
            sleep(Math.min(pause, timeoutMillis - waited));
            pause = Math.min(pause * 2, MAX_POLL_MILLIS);
        }
    }

    /** The last snapshot read. */
    StatusDocument status() {
        return status;
    }

    static String progress(TransitionStatus t, long waitedMillis, long timeoutMillis) {
        StringBuilder text = new StringBuilder("jlivepatch: '" + t.patch() + "': waiting for the "
                + StatusDocument.word(t.target()) + " state: ");
        text.append(t.remaining() < 0 ? "some" : Long.toString(t.remaining())).append(" thread")
                .append(t.remaining() == 1 ? "" : "s").append(" remaining");
        if (!t.blockers().isEmpty()) {
            Blocker b = t.blockers().get(0);
            text.append(" (").append(b.thread()).append(" in ").append(b.frame()).append(')');
        }
        text.append(' ').append(waitedMillis / 1000).append("s/")
                .append(timeoutMillis % 1000 == 0 ? Long.toString(timeoutMillis / 1000) : Double.toString(timeoutMillis / 1000.0))
                .append('s');
        return text.toString();
    }

    private static void sleep(long millis) throws Failure {
        try {
            Thread.sleep(Math.max(1, millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Failure.refused("interrupted while waiting for the transition");
        }
    }
}
