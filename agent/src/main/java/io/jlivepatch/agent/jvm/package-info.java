/**
 * Adapters from core's ports to the JVM: retransformation and the trampoline transformer, the
 * invokedynamic dispatch table, thread stacks and the transition scheduler.
 *
 * <p>May import core, the runtime, {@code java.lang.instrument} and {@code java.lang.management}.
 */
package io.jlivepatch.agent.jvm;
