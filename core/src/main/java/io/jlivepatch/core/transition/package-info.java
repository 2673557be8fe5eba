/**
 * Transitions (the kernel's {@code transition.c}): per-thread patch states, the stack-checked switch
 * ({@link io.jlivepatch.core.transition.Transition}), and the driver that starts, retries with
 * backoff, reverses, forces and completes a transition
 * ({@link io.jlivepatch.core.transition.TransitionDriver}); the ports
 * {@link io.jlivepatch.core.transition.ThreadStacks} and {@link io.jlivepatch.core.transition.Scheduler}
 * through which the JVM's threads come in.
 *
 * <p>May import {@code model}, {@code funcstack}, {@code event} and java.base.
 */
package io.jlivepatch.core.transition;
