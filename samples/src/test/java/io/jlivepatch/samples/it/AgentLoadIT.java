package io.jlivepatch.samples.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlivepatch.samples.targets.BootstrapProbe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Smoke tests of the shipped agent jar in forked JVMs: with {@code -javaagent} and with dynamic
 * attach (on this JDK, and on JDK 25 when it is installed), the runtime ends up on the bootstrap
 * class path, exactly once, and the agent writes nothing to stdout and logs no error. The child is
 * {@link BootstrapProbe}; each child gets its own {@code java.io.tmpdir} so the extracted runtime
 * jars can be counted.
 *
 * <p>Thread-safety: JUnit runs the methods one at a time.
 */
@Timeout(120)
class AgentLoadIT {

    private static final Duration PROCESS_TIMEOUT = Duration.ofSeconds(60);
    private static final String AGENT_FAILED = "jlivepatch: the agent did not start";

    @TempDir
    Path tmp;

    @BeforeAll
    static void agentJar() {
        assertTrue(Files.isRegularFile(TargetJvm.AGENT_JAR), TargetJvm.AGENT_JAR + " is missing: run `mvn package` first");
    }

    @Test
    void withoutTheAgentTheProbeSeesNoRuntime() throws Exception {
        // Its own temp dir too: other JVMs on the machine may have extracted runtime jars into /tmp.
        Path tmpdir = Files.createDirectory(tmp.resolve("child-tmp"));
        try (TargetJvm jvm = probe("agentload-none", tmpdir).start()) {
            assertEquals(0, jvm.awaitExit(PROCESS_TIMEOUT), jvm.describe());
            assertEquals(List.of(BootstrapProbe.NOT_VISIBLE, "probe: extracted runtime jars: 0"), jvm.stdout(), jvm.describe());
        }
    }

    @Test
    void javaagentAppendsTheRuntimeAtStartup() throws Exception {
        startup(probe("agentload-startup", newTmpdir()));
    }

    @Test
    void javaagentAppendsTheRuntimeAtStartupOnJdk25() throws Exception {
        startup(probe("agentload-startup-jdk25", newTmpdir()).onJdk25());
    }

    @Test
    void dynamicAttachAppendsTheRuntimeOnce() throws Exception {
        attach(probe("agentload-attach", newTmpdir()));
    }

    @Test
    void dynamicAttachAppendsTheRuntimeOnceOnJdk25() throws Exception {
        // JDK 21+ warns about dynamic agent loading on stderr: expected
        attach(probe("agentload-attach-jdk25", newTmpdir()).onJdk25());
    }

    private void attach(TargetLaunch launch) throws Exception {
        Path tmpdir = tmp.resolve("child-tmp");
        try (TargetJvm jvm = launch.main(BootstrapProbe.class.getName(), "serve").start()) {
            jvm.awaitLine(l -> l.startsWith("probe: ready"), PROCESS_TIMEOUT);
            jvm.send("report");
            expect(jvm, "probe: bootstrap loads", BootstrapProbe.NOT_VISIBLE);

            jvm.loadAgent(null);
            jvm.send("await");
            expect(jvm, "probe: bootstrap loads", BootstrapProbe.VISIBLE);
            expect(jvm, "probe: application loader", "probe: application loader sees the bootstrap copy: true");
            expect(jvm, "probe: extracted", "probe: extracted runtime jars: 1");

            jvm.loadAgent(null); // a re-attach finds the runtime on the bootstrap class path: no second copy
            jvm.send("report");
            expect(jvm, "probe: bootstrap loads", BootstrapProbe.VISIBLE);
            expect(jvm, "probe: application loader", "probe: application loader sees the bootstrap copy: true");
            expect(jvm, "probe: extracted", "probe: extracted runtime jars: 1");

            jvm.closeInput();
            assertEquals(0, jvm.awaitExit(PROCESS_TIMEOUT), jvm.describe());
            assertFalse(jvm.stderr().contains(AGENT_FAILED), jvm.describe());
            assertProbeOnlyOnStdout(jvm);
            assertEquals(List.of(), list(tmpdir), "extracted runtime jar not deleted on exit\n" + jvm.describe());
        }
    }

    private void startup(TargetLaunch launch) throws Exception {
        Path tmpdir = tmp.resolve("child-tmp");
        try (TargetJvm jvm = launch.agent("").start()) {
            assertEquals(0, jvm.awaitExit(PROCESS_TIMEOUT), jvm.describe());
            assertTrue(jvm.stdout().containsAll(List.of(BootstrapProbe.VISIBLE,
                    "probe: application loader sees the bootstrap copy: true",
                    "probe: extracted runtime jars: 1")), jvm.describe());
            assertFalse(jvm.stderr().contains(AGENT_FAILED), jvm.describe());
            assertProbeOnlyOnStdout(jvm);
            assertEquals(List.of(), list(tmpdir), "extracted runtime jar not deleted on exit\n" + jvm.describe());
        }
    }

    /** Waits for the next stdout line starting with {@code prefix} and asserts it is {@code expected}. */
    private static void expect(TargetJvm jvm, String prefix, String expected) {
        assertEquals(expected, jvm.awaitLine(l -> l.startsWith(prefix), PROCESS_TIMEOUT), jvm.describe());
    }

    /** The agent never writes to stdout (the JVM's CDS warning of spike pitfall 7 goes to stderr). */
    private static void assertProbeOnlyOnStdout(TargetJvm jvm) {
        List<String> foreign = new ArrayList<>();
        for (String line : jvm.stdout()) {
            if (!line.startsWith("probe: ")) {
                foreign.add(line);
            }
        }
        assertEquals(List.of(), foreign, "unexpected stdout\n" + jvm.describe());
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }

    private Path newTmpdir() throws IOException {
        return Files.createDirectory(tmp.resolve("child-tmp"));
    }

    /** The probe, run once, with its own temp dir and standard error kept apart (stdout must be the probe's alone). */
    private static TargetLaunch probe(String name, Path tmpdir) {
        return TargetJvm.named(name).property("java.io.tmpdir", tmpdir.toString())
                .main(BootstrapProbe.class.getName()).separateStderr();
    }
}
