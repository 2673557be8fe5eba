/**
 * Transitions (the kernel's {@code transition.c}): per-thread patch states, the stack-checked switch,
 * reverse and force, and the ports {@link io.jlivepatch.core.transition.ThreadStacks} and
 * {@link io.jlivepatch.core.transition.Scheduler} through which the JVM's threads come in.
 *
 * <p>May import {@code model}, {@code funcstack}, {@code event} and java.base.
 */
package io.jlivepatch.core.transition;
