package io.jlivepatch.core.funcstack;

import java.util.Objects;

/**
 * What the trampoline of one method does, as the registry publishes it to the {@link DispatchTable}.
 *
 * <p>Outside transitions a method has a {@link Steady} route: one version for every thread, which
 * the dispatch table binds to constant call sites at zero cost. During a transition each method of
 * the transition patch has a {@link Switching} route: each thread runs the version of its own patch
 * state, as {@link ThreadSwitch} decides.
 *
 * <p>Immutable and thread-safe.
 */
public sealed interface Route {

    /** Every thread runs {@code version}. */
    record Steady(Version version) implements Route {
        public Steady {
            Objects.requireNonNull(version, "version");
        }
    }

    /**
     * Threads in the unpatched state run {@code unpatched}, threads in the patched state run
     * {@code patched}.
     */
    record Switching(Version unpatched, Version patched, ThreadSwitch threads) implements Route {
        public Switching {
            Objects.requireNonNull(unpatched, "unpatched");
            Objects.requireNonNull(patched, "patched");
            Objects.requireNonNull(threads, "threads");
        }
    }
}
