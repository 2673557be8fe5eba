/**
 * The agent's entry point: {@link io.jlivepatch.agent.AgentMain} ({@code Premain-Class} and
 * {@code Agent-Class} of {@code jlivepatch-agent.jar}).
 *
 * <p>Owns nothing else: the entry class hands over to {@link io.jlivepatch.agent.boot.Boot} at once.
 * May import {@code java.*} and {@code io.jlivepatch.agent.boot} only; in particular never
 * {@code io.jlivepatch.runtime} (it must be touched only once the runtime is defined in the boot
 * loader, or the application loader could define a second copy) and never
 * {@code io.jlivepatch.agent.cli} (the CLI runs in its own JVM). {@code ArchitectureTest} enforces this.
 */
package io.jlivepatch.agent;
