package io.jlivepatch.samples.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlivepatch.agent.control.json.Json;
import io.jlivepatch.samples.patches.GreetV1;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI against targets it must refuse or that run another JDK: {@code -XX:+DisableAttachMechanism},
 * an ambiguous main-class name, a JDK 25 target (attach, load, list, disable; the JEP 451 warning
 * explained) and one started with {@code -XX:-EnableDynamicAgentLoading}. The JDK 25 parts are
 * skipped when {@value #JDK25} is missing.
 */
@Timeout(180)
class CliJdkIT {

    static final String JDK25 = "/usr/lib/jvm/temurin-25-jdk-amd64";
    private static final String MAIN = "io.jlivepatch.samples.targets.CliTarget";

    @TempDir
    Path dir;

    private static boolean hasJdk25() {
        return Files.isExecutable(Path.of(JDK25, "bin", "java"));
    }

    private static String otherJava() {
        return hasJdk25() ? Path.of(JDK25, "bin", "java").toString() : CliIT.java();
    }

    @Test
    void attachDisabledAndAmbiguousNamesAreRefusedAndJdk25IsPatched() throws Exception {
        Path v1 = new PatchJars(dir).jar("fix-v1", false, GreetV1.class);
        try (TargetJvm closed = TargetJvm.ofMain("cli-noattach", CliIT.java(), MAIN, "-XX:+DisableAttachMechanism");
             TargetJvm other = TargetJvm.ofMain("cli-jdk25", otherJava(), MAIN);
             TargetJvm twin = TargetJvm.ofMain("cli-twin", CliIT.java(), MAIN)) {
            // The Attach API does not list a JVM that refuses attach, so the name matches the other two.
            CliRun ambiguous = CliRun.of("load", "CliTarget", v1.toString());
            assertEquals(1, ambiguous.exit(), ambiguous::toString);
            CliIT.assertInOrder(ambiguous.err(), "jlivepatch: 'CliTarget' matches 2 Java processes; give a pid, or a"
                    + " longer part of the main class:", "\n  " + Math.min(twin.pid(), other.pid()) + "  " + MAIN,
                    "\n  " + Math.max(twin.pid(), other.pid()) + "  " + MAIN);
            assertEquals("none", other.run("agent-id"));
            assertEquals("none", twin.run("agent-id"));

            CliRun refused = CliRun.of("load", Long.toString(closed.pid()), v1.toString());
            assertEquals(1, refused.exit(), refused::toString);
            assertTrue(refused.err().startsWith("jlivepatch: process " + closed.pid() + " (" + MAIN
                    + ") was started with -XX:+DisableAttachMechanism, so no tool can attach to it"), refused::toString);
            assertEquals("greet = hello world", closed.run("call greet"));

            Assumptions.assumeTrue(hasJdk25(), JDK25 + " is missing");
            String pid = Long.toString(other.pid());
            CliRun load = CliRun.of("load", pid, v1.toString());
            assertEquals(0, load.exit(), load::toString);
            assertTrue(load.out().contains("jlivepatch: 'fix-v1': patching complete"), load::toString);
            assertTrue(load.err().contains("runs Java 25, which prints a warning about a dynamically loaded agent"
                    + " (JEP 451)"), load::toString);
            assertEquals("greet = v1 world", other.run("call greet"));
            assertTrue(other.output().contains("WARNING: A Java agent has been loaded dynamically"), other::output);
            CliRun list = CliRun.of("list", pid, "--json");
            assertEquals(0, list.exit(), list::toString);
            List<Map<String, Object>> patches = CliIT.maps(Json.parseObject(list.out().trim()).get("patches"));
            assertEquals("fix-v1", patches.get(0).get("name"));
            assertEquals(0, CliRun.of("disable", pid, "fix-v1").exit());
            assertEquals("greet = hello world", other.run("call greet"));
        }
    }

    @Test
    void jdk25WithDynamicAgentLoadingOffIsRefusedWithTheFix() throws Exception {
        Assumptions.assumeTrue(hasJdk25(), JDK25 + " is missing");
        Path v1 = new PatchJars(dir).jar("fix-v1", false, GreetV1.class);
        try (TargetJvm target = TargetJvm.ofMain("cli-jdk25-noagents", otherJava(), MAIN,
                "-XX:-EnableDynamicAgentLoading")) {
            CliRun load = CliRun.of("load", Long.toString(target.pid()), v1.toString());
            assertEquals(1, load.exit(), load::toString);
            assertTrue(load.err().contains("runs with -XX:-EnableDynamicAgentLoading (JDK 21+), which refuses agents at"
                    + " run time: restart it with -XX:+EnableDynamicAgentLoading"), load::toString);
            assertEquals("greet = hello world", target.run("call greet"));
        }
    }
}
