package io.jlivepatch.core.transition;

import java.util.Collection;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The entries of the threads a transition's snapshot listed, in a few arrays rather than an entry
 * object and a map node per thread: the listed threads (each at one slot), their words
 * ({@link AtomicLongArray}), their packed {@link Backoff}s, and an open-addressing index from a
 * thread's identity hash to its slot.
 *
 * <p>Why arrays: with 100,000 listed virtual threads the table is alive for the whole transition,
 * so a young collection during it copies the table. As 200,000 small objects (an entry and a map
 * node per thread) that copy took 30–40 ms; as four arrays it is a few block copies
 * (docs/performance.md §4, run Y). The protocol is unchanged: a slot is exactly the entry a
 * thread had in the map, its word is read, bumped and compared-and-set the same way.
 *
 * <p>Built once, before it is published; afterwards no thread is added. A slot is dropped (its
 * thread reference cleared) when its thread ended, or, before publication, when that thread
 * already made its own entry; a dropped slot stays in the index as a tombstone, so lookups of the
 * other threads still probe past it.
 *
 * <p>Thread-safety: published through a volatile field after it is built. Lookups, word
 * operations and the slot owner's backoff are safe from any thread; {@link #drop} is called by the
 * driver only (under the registry lock), or before publication.
 */
final class ListedThreads implements ThreadWords {

    /** No thread listed: the table before the snapshot. */
    static final ListedThreads NONE = new ListedThreads(new Thread[0], 0, new int[1], 0L);

    /** Dense: slot {@code i}'s thread, or {@code null} once dropped. */
    private final Thread[] threads;
    private final int size;
    /** 0 = empty, otherwise slot + 1; linear probing, length a power of two at least twice the size. */
    private final int[] index;
    private final int mask;
    private final AtomicLongArray words;
    /** Packed {@link Backoff} states; element {@code i} is only touched by slot {@code i}'s thread. */
    private final int[] backoffs;

    private ListedThreads(Thread[] threads, int size, int[] index, long word) {
        this.threads = threads;
        this.size = size;
        this.index = index;
        this.mask = index.length - 1;
        this.words = new AtomicLongArray(size);
        if (word != 0L) {
            for (int i = 0; i < size; i++) {
                words.setPlain(i, word);
            }
        }
        this.backoffs = new int[size];
    }

    /** A table of {@code listing}'s threads (each once), every word {@code word}. */
    static ListedThreads of(Collection<Thread> listing, long word) {
        Thread[] threads = new Thread[listing.size()];
        int[] index = new int[Math.max(2, Integer.highestOneBit(Math.max(1, threads.length) * 2 - 1) * 2)];
        int mask = index.length - 1;
        int size = 0;
        for (Thread thread : listing) {
            int i = hash(thread) & mask;
            boolean seen = false;
            for (int p; (p = index[i]) != 0; i = (i + 1) & mask) {
                if (threads[p - 1] == thread) {
                    seen = true;
                    break;
                }
            }
            if (!seen && size < threads.length) {
                threads[size] = thread;
                index[i] = ++size;
            }
        }
        return new ListedThreads(threads, size, index, word);
    }

    private static int hash(Thread thread) {
        int h = System.identityHashCode(thread);
        return h ^ (h >>> 16);
    }

    /** {@code thread}'s slot, or -1 when it is not listed (or was dropped). */
    int slotOf(Thread thread) {
        for (int i = hash(thread) & mask, p; (p = index[i]) != 0; i = (i + 1) & mask) {
            if (threads[p - 1] == thread) {
                return p - 1;
            }
        }
        return -1;
    }

    /** The number of slots, dropped ones included: slots are {@code 0 .. size() - 1}. */
    int size() {
        return size;
    }

    /** Slot {@code slot}'s thread, or {@code null} when it was dropped. */
    Thread thread(int slot) {
        return threads[slot];
    }

    /** Forgets slot {@code slot}: its thread ended, or has an entry of its own. */
    void drop(int slot) {
        threads[slot] = null;
    }

    /** The number of slots not dropped. */
    int tracked() {
        int n = 0;
        for (int i = 0; i < size; i++) {
            if (threads[i] != null) {
                n++;
            }
        }
        return n;
    }

    @Override
    public long get(int slot) {
        return words.get(slot);
    }

    @Override
    public long addAndGet(int slot, long delta) {
        return words.addAndGet(slot, delta);
    }

    @Override
    public boolean compareAndSet(int slot, long expected, long update) {
        return words.compareAndSet(slot, expected, update);
    }

    @Override
    public boolean skipsWalk(int slot) {
        int state = backoffs[slot];
        if (Backoff.skipsWalk(state)) {
            backoffs[slot] = Backoff.afterSkip(state);
            return true;
        }
        return false;
    }

    @Override
    public void foundNested(int slot) {
        backoffs[slot] = Backoff.foundNested(backoffs[slot]);
    }

    @Override
    public void foundUnnested(int slot) {
        backoffs[slot] = Backoff.foundUnnested(backoffs[slot]);
    }
}
