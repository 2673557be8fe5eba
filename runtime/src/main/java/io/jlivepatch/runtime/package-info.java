/**
 * The bootstrap runtime: the invokedynamic bootstrap methods woven methods link to.
 *
 * <p>Owns {@link io.jlivepatch.runtime.Dispatch}, {@link io.jlivepatch.runtime.Access} (super calls and
 * protected members for replacement code) and the {@link io.jlivepatch.runtime.Linker} port
 * the agent plugs in. May import {@code java.*} only: it lives on the bootstrap class path.
 */
package io.jlivepatch.runtime;
