package io.jlivepatch.agent.control.jmx;

import javax.management.ConstructorParameters;

/**
 * The transition in progress, mapped to {@code CompositeData} by the MXBean framework.
 *
 * <p>Immutable and thread-safe.
 */
public final class TransitionInfo {

    private final String patch;
    private final String target;
    private final int remaining;
    private final String[] blockers;

    /**
     * @param patch the transition patch
     * @param target {@code patched} or {@code unpatched}
     * @param remaining threads not yet at the target
     * @param blockers {@code thread: frame} of each thread that blocked the last pass
     */
    @ConstructorParameters({"patch", "target", "remaining", "blockers"})
    public TransitionInfo(String patch, String target, int remaining, String[] blockers) {
        this.patch = patch;
        this.target = target;
        this.remaining = remaining;
        this.blockers = blockers.clone();
    }

    public String getPatch() {
        return patch;
    }

    public String getTarget() {
        return target;
    }

    public int getRemaining() {
        return remaining;
    }

    public String[] getBlockers() {
        return blockers.clone();
    }
}
