package io.jlivepatch.benchmarks.dispatch;

/**
 * The baseline: the computation every dispatch variant ends up running, in a class no patch ever
 * touches. A direct call of {@link #compute} is what a patched call is compared with.
 *
 * <p>Not thread-safe for writes to {@code salt}; benchmarks only read it.
 */
public class Direct {

    /** Read on every call, so the computation depends on the receiver as a real method's would. */
    int salt = 0x9E3779B9;

    /** Multiply, xor-shift, multiply, xor-shift: the spike's workload (spike-jdk17 §A). */
    public int compute(int x) {
        int h = x * salt;
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        return h;
    }
}
