/**
 * The bootstrap runtime: the invokedynamic bootstrap methods woven methods link to, and the hooks
 * the patch-author API reaches the agent through.
 *
 * <p>Owns {@link io.jlivepatch.runtime.Dispatch} and the {@link io.jlivepatch.runtime.Linker} port
 * the agent plugs in, and {@link io.jlivepatch.runtime.LoaderGoing}. May import {@code java.*}
 * only: it lives on the bootstrap class path.
 */
package io.jlivepatch.runtime;
