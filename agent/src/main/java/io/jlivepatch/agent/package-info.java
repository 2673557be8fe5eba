/**
 * The agent's entry point: {@link io.jlivepatch.agent.AgentMain} ({@code Premain-Class} and
 * {@code Agent-Class} of {@code jlivepatch-agent.jar}) and {@code RuntimeJar}, which puts the
 * nested runtime jar on the bootstrap class path.
 *
 * <p>Owns nothing else: the entry class appends the runtime and hands over to
 * {@link io.jlivepatch.agent.boot.Boot} at once. May import {@code java.*} and
 * {@code io.jlivepatch.agent.boot} only; in particular never {@code io.jlivepatch.runtime} (it must
 * be touched only after the append, or the application loader could define a second copy) and never
 * {@code io.jlivepatch.agent.cli} (the CLI runs in its own JVM). {@code ArchitectureTest} enforces this.
 */
package io.jlivepatch.agent;
