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
     * @param signer who signed the jar of a load, as the trust store vouched for it, or {@code null}
     *     (no trust store, not a load, or refused before the signature was checked)
     */
    public record Entry(long epochMillis, String op, String patch, String sha256, Command.Requester requester,
                        String result, String signer) {

        /** An entry without a signer. */
        public Entry(long epochMillis, String op, String patch, String sha256, Command.Requester requester,
                     String result) {
            this(epochMillis, op, patch, sha256, requester, result, null);
        }

        /**
         * The audit line: {@code jlivepatch: audit: load 'p' sha256=... by user 'u' pid N via cli: ok}, with
         * {@code signed by 'CN=...'} after the SHA-256 when the jar's signer was checked.
         */
        public String line() {
            return "jlivepatch: audit: " + op + " '" + patch + "' sha256=" + (sha256.isEmpty() ? "?" : sha256)
                    + (signer == null ? "" : " signed by '" + signer + "'") + " by " + requester + ": " + result;
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
