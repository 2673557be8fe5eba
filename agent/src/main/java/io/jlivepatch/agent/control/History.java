package io.jlivepatch.agent.control;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The audit trail of this JVM: every operation asked of the agent (load, disable, force, reverse,
 * including refusals), who asked and how it ended, the newest {@value #CAPACITY}. Shown by
 * {@code list} and in the {@link StatusDocument} as {@code "history"}; every entry is also logged.
 *
 * <p>Thread-safety: thread-safe.
 */
public final class History {

    /** How many entries are kept. */
    public static final int CAPACITY = 64;

    /**
     * One operation.
     *
     * @param epochMillis when it ran
     * @param op the command word
     * @param patch the patch name (or the jar path if it could not be read)
     * @param sha256 the patch jar's SHA-256, or {@code ""} if unknown
     * @param requester who asked
     * @param result {@code "ok"} or {@code "refused: <reason>"}
     */
    public record Entry(long epochMillis, String op, String patch, String sha256, Command.Requester requester,
                        String result) {

        /** The audit line: {@code jlivepatch: audit: load 'p' sha256=... by user 'u' pid N via cli: ok}. */
        public String line() {
            return "jlivepatch: audit: " + op + " '" + patch + "' sha256=" + (sha256.isEmpty() ? "?" : sha256)
                    + " by " + requester + ": " + result;
        }
    }

    private final Deque<Entry> entries = new ArrayDeque<>();

    synchronized void add(Entry entry) {
        entries.addLast(entry);
        while (entries.size() > CAPACITY) {
            entries.removeFirst();
        }
    }

    /** The entries, oldest first. */
    public synchronized List<Entry> entries() {
        return new ArrayList<>(entries);
    }
}
