package io.jlivepatch.agent.boot;

import java.lang.instrument.Instrumentation;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Opens the target's <em>agent properties</em>, where the control channel publishes replies and
 * status for the CLI to read with {@code VirtualMachine.getAgentProperties()} (a read-only attach
 * operation: no agent load, no thread, no socket). The JDK's own management agent publishes its
 * local connector address there the same way.
 *
 * <p>They are {@code jdk.internal.vm.VMSupport.getAgentProperties()}, in a package {@code java.base}
 * does not export; it is exported to the agent's module only, with
 * {@link Instrumentation#redefineModule}, which is what that method is for. If that fails (a JVM
 * without {@code VMSupport}), commands still run, but the CLI cannot read their replies: a private
 * {@code Properties} is returned and a warning logged.
 *
 * <p>Stateless and thread-safe; {@code Properties} is itself thread-safe.
 */
final class AgentProperties {

    private static final String PACKAGE = "jdk.internal.vm";

    private AgentProperties() {}

    static Properties open(Instrumentation inst) {
        try {
            Module base = Object.class.getModule();
            Module agent = AgentProperties.class.getModule();
            if (!base.isExported(PACKAGE, agent)) {
                inst.redefineModule(base, Set.of(), Map.of(PACKAGE, Set.of(agent)), Map.of(), Set.of(), Map.of());
            }
            Object properties = Class.forName(PACKAGE + ".VMSupport").getMethod("getAgentProperties").invoke(null);
            return (Properties) properties;
        } catch (ReflectiveOperationException | RuntimeException e) {
            System.getLogger("io.jlivepatch").log(System.Logger.Level.WARNING,
                    "jlivepatch: cannot publish into the agent properties (" + e
                            + "); commands run, but the jlivepatch CLI cannot read their replies");
            return new Properties();
        }
    }
}
