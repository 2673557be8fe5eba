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
 * <p>Each woven method has two call sites: the guard (original body or replacement code?) and the
 * redirect (which replacement?). A redirect never fails a call: a switching route's redirect runs
 * {@link Switching#replacementOnly} when there is one; a redirect whose route selects the original
 * body (reached only after force, or by a thread the transition cannot see) calls the method again,
 * and that call's guard decides anew.
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

        /**
         * What the redirect of this route runs without asking the thread, or {@code null} when it
         * must ask ({@link ThreadSwitch#isPatched}). A redirect is only reached after a guard chose
         * replacement code, so when one side is the original body the other side is the answer: it
         * is what the guard chose, and the thread's state (which force may have changed since the
         * guard) could only name the original body, which a redirect cannot run.
         */
        public Version replacementOnly() {
            if (unpatched.isOriginal()) {
                return patched;
            }
            return patched.isOriginal() ? unpatched : null;
        }
    }
}
