package io.jlivepatch.core.transition;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One thread's entry in a {@link Transition}: its word (bit 0 the patch state, the rest a counter
 * every visit bumps; see {@link Transition}) plus its self-switch backoff.
 *
 * <p>The backoff: each stack walk that finds the thread nested extends its streak; once the streak
 * passes {@link #FREE_NESTED_WALKS} (a thread that keeps calling transition methods from inside one,
 * such as a worker loop), it skips its next walks, doubling up to {@link #MAX_SKIP}. A short streak
 * (a busy caller caught once inside f, then calling g) costs nothing, so such a thread still switches
 * at its next un-nested call. Skipping a self-switch is always safe: the thread keeps its state,
 * every visit still bumps the counter, and the driver still switches it.
 *
 * <p>Thread-safety: the word is atomic (any thread); {@code streak}, {@code skip} and
 * {@code backoff} are only ever touched by the thread itself.
 */
final class ThreadEntry extends AtomicLong {
    private static final long serialVersionUID = 1L;
    private static final int FREE_NESTED_WALKS = 16;
    private static final int MAX_SKIP = 1024;

    private int streak;
    private int skip;
    private int backoff;

    ThreadEntry(long word) {
        super(word);
    }

    /** Whether this self-switch attempt skips its stack walk (and counts one skip off). */
    boolean skipsWalk() {
        if (skip > 0) {
            skip--;
            return true;
        }
        return false;
    }

    /** The walk found the thread nested: extend the streak, and back off once it is long. */
    void foundNested() {
        if (++streak > FREE_NESTED_WALKS) {
            backoff = Math.min(Math.max(1, backoff * 2), MAX_SKIP);
            skip = backoff;
        }
    }

    /** The walk found the thread un-nested: the streak is over. */
    void foundUnnested() {
        streak = 0;
        backoff = 0;
    }
}
