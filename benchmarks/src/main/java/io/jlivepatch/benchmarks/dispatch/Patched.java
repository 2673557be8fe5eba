package io.jlivepatch.benchmarks.dispatch;

/**
 * The patched target: its own {@link #compute} does something else, and {@link ComputeFix} replaces
 * it with exactly {@link Direct#compute}'s code. A call then runs the trampoline (guard true,
 * redirect to the hidden replacement class) and the same work as the baseline.
 *
 * <p>Not thread-safe for writes to {@code salt}; benchmarks only read it.
 */
public class Patched {

    int salt = 0x9E3779B9;

    /** The original body; never runs once the patch is enabled (the setup checks that). */
    public int compute(int x) {
        return x + salt;
    }
}
