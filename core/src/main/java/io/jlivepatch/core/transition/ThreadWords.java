package io.jlivepatch.core.transition;

/**
 * Where a {@link Transition} keeps threads' words (bit 0 the patch state, the rest a counter every
 * visit bumps) and self-switch backoffs ({@link Backoff}), one per slot: {@link ListedThreads}
 * holds the snapshot's threads in arrays, a {@link ThreadEntry} one thread first seen after the
 * listing. The word operations are atomic; the backoff ones are only called by the slot's own
 * thread.
 */
interface ThreadWords {

    long get(int slot);

    long addAndGet(int slot, long delta);

    boolean compareAndSet(int slot, long expected, long update);

    /** Whether this self-switch attempt skips its stack walk (and counts one skip off). */
    boolean skipsWalk(int slot);

    /** The walk found the thread nested. */
    void foundNested(int slot);

    /** The walk found the thread un-nested. */
    void foundUnnested(int slot);
}
