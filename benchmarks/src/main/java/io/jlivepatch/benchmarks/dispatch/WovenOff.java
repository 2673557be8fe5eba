package io.jlivepatch.benchmarks.dispatch;

/**
 * The "trampoline whose guard says original" target: same code as {@link Direct#compute}, but
 * defined with the engine's trampoline already woven in (see {@link Prewoven}), so every call runs
 * the guard, finds it false, and falls through to this body. This is the state of a method with a
 * nop on top, or of an unswitched thread's original version, without a transition in progress.
 *
 * <p>Never reference this class before {@link Prewoven#define} ran: the first reference would load
 * the plain class file and the woven one could no longer be defined.
 *
 * <p>Not thread-safe for writes to {@code salt}; benchmarks only read it.
 */
public class WovenOff {

    int salt = 0x9E3779B9;

    /** Same code as {@link Direct#compute}. */
    public int compute(int x) {
        int h = x * salt;
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        return h;
    }
}
