/**
 * The composition root: wires core to the JVM adapters, applies the agent options, and is the Java
 * API ({@link io.jlivepatch.agent.boot.Boot#livepatch()}) for tests and embedding.
 *
 * <p>May import everything in the agent and core.
 */
package io.jlivepatch.agent.boot;
