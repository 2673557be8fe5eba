/**
 * The registry (the kernel's {@code core.c}): the {@link io.jlivepatch.core.registry.Livepatch}
 * facade with the one lock ({@code klp_mutex}) and the order of each operation's steps, the patch
 * list ({@code klp_patches}), nops for atomic replace ({@code klp_add_nops}/{@code klp_discard_nops}),
 * module coming and going ({@link io.jlivepatch.core.registry.Modules}), the callbacks' order and
 * pairing, the core side of completion and cancel, trampoline weaving by retransformation, and the
 * {@link io.jlivepatch.core.registry.ClassRedefiner} and
 * {@link io.jlivepatch.core.registry.CallbackRunner} ports. No other package of core imports it.
 *
 * <p>May import every other core package and java.base.
 */
package io.jlivepatch.core.registry;
