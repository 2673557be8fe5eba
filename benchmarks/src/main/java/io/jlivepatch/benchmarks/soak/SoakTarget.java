package io.jlivepatch.benchmarks.soak;

/**
 * The class the soak patches: {@link #describe} answers {@code "original"} until a patch replaces it.
 *
 * <p>Thread-safety: instances are immutable; the counter is atomic.
 */
public final class SoakTarget {

    /** How many times the first patch's pre-patch callback ran: the soak checks one per cycle. */
    public static final java.util.concurrent.atomic.AtomicLong PRE_PATCHES = new java.util.concurrent.atomic.AtomicLong();

    private final String name;

    public SoakTarget(String name) {
        this.name = name;
    }

    /** What this object says about itself. */
    public String describe() {
        return "original " + name;
    }
}
