package io.jlivepatch.samples.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlivepatch.agent.control.json.Json;
import io.jlivepatch.samples.patches.GreetV1;
import io.jlivepatch.samples.patches.HoldFix;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI with a target whose agent started with {@code -javaagent:...=patches=<dir>}: {@code list}
 * shows the startup patches and their audit ({@code via patches=<dir>}), and {@code load} reuses
 * the startup agent.
 */
@Timeout(120)
class CliStartupIT {

    @TempDir
    Path dir;

    @Test
    void startupPatchesAreListedAndTheCliReusesTheStartupAgent() throws Exception {
        Path patches = Files.createDirectories(dir.resolve("patches"));
        new PatchJars(patches).jar("fix-v1", false, GreetV1.class);
        Path hold = new PatchJars(dir).jar("fix-hold", false, HoldFix.class);
        try (TargetJvm target = TargetJvm.ofMain("cli-startup", CliIT.java(), "io.jlivepatch.samples.targets.CliTarget",
                "-javaagent:" + TargetJvm.AGENT_JAR.toAbsolutePath() + "=patches=" + patches)) {
            String pid = Long.toString(target.pid());
            assertEquals("greet = v1 world", target.run("call greet"));
            String engine = target.run("agent-id");

            Map<String, Object> status = Json.parseObject(CliRun.of("list", pid, "--json").out().trim());
            assertEquals("fix-v1", CliIT.maps(status.get("patches")).get(0).get("name"));
            Map<String, Object> audit = CliIT.maps(status.get("history")).get(0);
            assertEquals("load", audit.get("op"));
            assertEquals("patches=" + patches, audit.get("via"));
            assertEquals(target.pid(), audit.get("pid"));
            assertEquals("ok", audit.get("result"));

            CliRun load = CliRun.of("load", pid, hold.toString());
            assertEquals(0, load.exit(), load::toString);
            assertEquals(engine, target.run("agent-id"), "the CLI must reuse the agent started with -javaagent");
            status = Json.parseObject(CliRun.of("list", pid, "--json").out().trim());
            assertEquals(List.of("fix-v1", "fix-hold"),
                    CliIT.maps(status.get("patches")).stream().map(p -> p.get("name")).toList());
            assertEquals(2L, CliIT.maps(status.get("patches")).get(1).get("stackOrder"));
            assertTrue(CliRun.of("disable", pid, "fix-v1").out().contains("'fix-v1': unpatching complete"));
            assertEquals("greet = hello world", target.run("call greet"));
        }
    }
}
