package io.jlivepatch.core.transition;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The entry of one thread the snapshot did not list (it was born, or first seen, after the
 * listing): its word and its self-switch {@link Backoff}, at slot 0. Listed threads live in
 * {@link ListedThreads} instead.
 *
 * <p>Thread-safety: the word is atomic (any thread); the backoff is only ever touched by the
 * thread itself.
 */
final class ThreadEntry extends AtomicLong implements ThreadWords {
    private static final long serialVersionUID = 1L;

    private int backoff = Backoff.NONE;

    ThreadEntry(long word) {
        super(word);
    }

    @Override
    public long get(int slot) {
        return get();
    }

    @Override
    public long addAndGet(int slot, long delta) {
        return addAndGet(delta);
    }

    @Override
    public boolean compareAndSet(int slot, long expected, long update) {
        return compareAndSet(expected, update);
    }

    @Override
    public boolean skipsWalk(int slot) {
        if (Backoff.skipsWalk(backoff)) {
            backoff = Backoff.afterSkip(backoff);
            return true;
        }
        return false;
    }

    @Override
    public void foundNested(int slot) {
        backoff = Backoff.foundNested(backoff);
    }

    @Override
    public void foundUnnested(int slot) {
        backoff = Backoff.foundUnnested(backoff);
    }
}
