/**
 * System states (the kernel's {@code state.c}): compatibility of a new patch's states with the active
 * patches' ({@code klp_is_patch_compatible}), as pure functions, the previous-state handover
 * ({@link io.jlivepatch.core.state.PreviousStates}, {@code klp_get_prev_state}), and
 * {@link io.jlivepatch.core.state.LiveState}, the run-time instance of a state whose data callbacks
 * own and hand over.
 *
 * <p>May import {@code model} and java.base.
 */
package io.jlivepatch.core.state;
