/**
 * System states (the kernel's {@code state.c}): compatibility of a new patch's states with the active
 * patches', as pure functions, and {@link io.jlivepatch.core.state.LiveState}, the run-time instance
 * of a state whose data callbacks own and hand over.
 *
 * <p>May import {@code model} and java.base.
 */
package io.jlivepatch.core.state;
