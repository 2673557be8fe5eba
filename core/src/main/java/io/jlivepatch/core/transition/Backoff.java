package io.jlivepatch.core.transition;

/**
 * A thread's self-switch backoff, packed into one {@code int} so that a table of 100,000 threads
 * keeps it in one array ({@link ListedThreads}) instead of an object per thread.
 *
 * <p>Each stack walk that finds the thread nested extends its streak; once the streak passes
 * {@link #FREE_NESTED_WALKS} (a thread that keeps calling transition methods from inside one, such
 * as a worker loop), it skips its next walks, doubling up to {@link #MAX_SKIP}. A short streak (a
 * busy caller caught once inside f, then calling g) costs nothing, so such a thread still switches
 * at its next un-nested call. Skipping a self-switch is always safe: the thread keeps its state,
 * every visit still bumps its counter, and the driver still switches it.
 *
 * <p>Layout: bits 0–4 the streak (capped at {@code FREE_NESTED_WALKS + 1}: every longer streak
 * behaves the same), bits 5–15 the walks still to skip, bits 16–26 the current backoff; both at
 * most {@link #MAX_SKIP}. Stateless functions; thread-safety is the caller's (each state is only
 * ever touched by its own thread).
 */
final class Backoff {
    static final int FREE_NESTED_WALKS = 16;
    static final int MAX_SKIP = 1024;

    private static final int STREAK_MASK = 0x1F;
    private static final int SKIP_SHIFT = 5;
    private static final int BACKOFF_SHIFT = 16;
    private static final int FIELD_MASK = 0x7FF;

    private Backoff() {}

    /** The state before any walk. */
    static final int NONE = 0;

    static int streak(int state) {
        return state & STREAK_MASK;
    }

    static int skip(int state) {
        return (state >>> SKIP_SHIFT) & FIELD_MASK;
    }

    static int backoff(int state) {
        return (state >>> BACKOFF_SHIFT) & FIELD_MASK;
    }

    private static int of(int streak, int skip, int backoff) {
        return streak | (skip << SKIP_SHIFT) | (backoff << BACKOFF_SHIFT);
    }

    /** Whether the next self-switch attempt skips its walk (then {@link #afterSkip} counts it off). */
    static boolean skipsWalk(int state) {
        return skip(state) > 0;
    }

    /** One skipped walk counted off. */
    static int afterSkip(int state) {
        return of(streak(state), skip(state) - 1, backoff(state));
    }

    /** The walk found the thread nested: extend the streak, and back off once it is long. */
    static int foundNested(int state) {
        int streak = Math.min(streak(state) + 1, FREE_NESTED_WALKS + 1);
        if (streak > FREE_NESTED_WALKS) {
            int backoff = Math.min(Math.max(1, backoff(state) * 2), MAX_SKIP);
            return of(streak, backoff, backoff);
        }
        return of(streak, skip(state), backoff(state));
    }

    /** The walk found the thread un-nested: the streak is over (a pending skip stays, as before). */
    static int foundUnnested(int state) {
        return of(0, skip(state), 0);
    }
}
