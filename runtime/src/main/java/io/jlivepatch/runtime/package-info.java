/**
 * The bootstrap runtime: the invokedynamic bootstrap methods woven methods link to.
 *
 * <p>Owns {@link io.jlivepatch.runtime.Dispatch}, {@link io.jlivepatch.runtime.Access} (super calls and
 * protected members for replacement code), {@link io.jlivepatch.runtime.Lambdas} (lambdas whose body a
 * patch carries), {@link io.jlivepatch.runtime.NewClasses} (classes a patch adds) and the
 * {@link io.jlivepatch.runtime.Linker} port the agent plugs in. May import {@code java.*} only: it lives on the bootstrap class path.
 */
package io.jlivepatch.runtime;
