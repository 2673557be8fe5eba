/**
 * The bootstrap runtime: the invokedynamic bootstrap methods woven methods link to, and the hooks
 * the patch-author API reaches the agent through.
 *
 * <p>Owns {@link io.jlivepatch.runtime.Dispatch} and the {@link io.jlivepatch.runtime.Linker} port
 * the agent plugs in, {@link io.jlivepatch.runtime.LoaderGoing}, and what replacement code links
 * through: {@link io.jlivepatch.runtime.Access} (super calls and protected members),
 * {@link io.jlivepatch.runtime.Lambdas} (the one lambda bootstrap of replacement code) and
 * {@link io.jlivepatch.runtime.NewClasses} (classes a patch adds). May import {@code java.*} only: it lives in the
 * boot loader (defined there by the agent, all classes at once).
 */
package io.jlivepatch.runtime;
