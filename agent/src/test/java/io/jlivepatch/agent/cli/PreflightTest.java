package io.jlivepatch.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** Reading a target's Java version and its dynamic-agent-loading switch from its properties. */
class PreflightTest {

    @Test
    void javaFeatureVersions() {
        assertEquals(8, Preflight.javaFeature("1.8"));
        assertEquals(11, Preflight.javaFeature("11"));
        assertEquals(17, Preflight.javaFeature("17"));
        assertEquals(25, Preflight.javaFeature("25"));
        assertEquals(0, Preflight.javaFeature(null));
        assertEquals(0, Preflight.javaFeature("x"));
    }

    @Test
    void theLastDynamicAgentLoadingSwitchWins() {
        assertNull(Preflight.dynamicAgentLoading("-Xmx1g -Dx=y", null));
        assertEquals(true, Preflight.dynamicAgentLoading("-XX:+EnableDynamicAgentLoading", ""));
        assertEquals(false, Preflight.dynamicAgentLoading("-XX:+EnableDynamicAgentLoading -XX:-EnableDynamicAgentLoading"));
        assertEquals(true, Preflight.dynamicAgentLoading("-XX:-EnableDynamicAgentLoading", "-XX:+EnableDynamicAgentLoading"));
    }

    @Test
    void theVersionMismatchNamesBothVersions() {
        assertEquals("process 5 (a.Main) runs the jlivepatch 1.0 agent, and this is the jlivepatch 2.0 CLI: one JVM"
                + " keeps the agent it loaded first. Use the jlivepatch 1.0 CLI with this process, or restart the process"
                + " to use 2.0", Preflight.versionMismatch(new Target(5, "a.Main"), "1.0", "2.0"));
    }
}
