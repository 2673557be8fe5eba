/**
 * System states (the kernel's {@code state.c}): compatibility of a new patch's states with the active
 * patches', as pure functions.
 *
 * <p>May import {@code model} and java.base.
 */
package io.jlivepatch.core.state;
