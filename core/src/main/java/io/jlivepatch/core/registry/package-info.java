/**
 * The registry (the kernel's {@code core.c}): the {@link io.jlivepatch.core.registry.Livepatch}
 * facade, the ordered list of active patches, the one lock, nop generation for atomic replace, and
 * the {@link io.jlivepatch.core.registry.ClassRedefiner} port. No other package of core imports it.
 *
 * <p>May import every other core package and java.base.
 */
package io.jlivepatch.core.registry;
