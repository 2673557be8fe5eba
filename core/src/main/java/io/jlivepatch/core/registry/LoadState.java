package io.jlivepatch.core.registry;

/**
 * The load state of a target class copy when one of its callbacks runs (the kernel's module states
 * as callbacks see them).
 *
 * <p>Immutable and thread-safe.
 */
public enum LoadState {
    /** Loaded and in use. */
    LIVE,
    /** Being defined: it loaded after the patch (module coming). */
    COMING,
    /** Its class loader was announced going (module going). */
    GOING
}
