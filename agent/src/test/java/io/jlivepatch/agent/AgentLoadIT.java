package io.jlivepatch.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Smoke tests of the shipped agent jar in forked JVMs: with {@code -javaagent} and with dynamic
 * attach (on this JDK, and on JDK 25 when {@value #JDK25} exists), the runtime ends up on the bootstrap
 * class path, exactly once, and the agent writes nothing to stdout and logs no error. The child is
 * {@link BootstrapProbe}; each child gets its own {@code java.io.tmpdir} so the extracted runtime
 * jars can be counted.
 *
 * <p>Thread-safety: JUnit runs the methods one at a time.
 */
@Timeout(120)
class AgentLoadIT {

    private static final String JDK25 = "/usr/lib/jvm/temurin-25-jdk-amd64";
    private static final Duration PROCESS_TIMEOUT = Duration.ofSeconds(60);
    private static final String AGENT_FAILED = "jlivepatch: the agent did not start";

    private static String agentJar;
    private static String testClasses;

    @TempDir
    Path tmp;

    @BeforeAll
    static void paths() {
        agentJar = Path.of(System.getProperty("jlivepatch.agentJar", "target/jlivepatch-agent.jar")).toAbsolutePath().toString();
        testClasses = Path.of(System.getProperty("jlivepatch.testClasses", "target/test-classes")).toAbsolutePath().toString();
        assertTrue(Files.isRegularFile(Path.of(agentJar)), agentJar + " is missing: run `mvn package` first");
    }

    @Test
    void withoutTheAgentTheProbeSeesNoRuntime() throws Exception {
        // Its own temp dir too: other JVMs on the machine may have extracted runtime jars into /tmp.
        Path tmpdir = Files.createDirectory(tmp.resolve("child-tmp"));
        try (ForkedJvm jvm = ForkedJvm.start(thisJava(),
                List.of("-Djava.io.tmpdir=" + tmpdir, "-cp", testClasses, BootstrapProbe.class.getName()))) {
            assertEquals(0, jvm.awaitExit(PROCESS_TIMEOUT), jvm.describe());
            assertEquals(List.of(BootstrapProbe.NOT_VISIBLE, "probe: extracted runtime jars: 0"), jvm.stdout(), jvm.describe());
        }
    }

    @Test
    void javaagentAppendsTheRuntimeAtStartup() throws Exception {
        startup(thisJava());
    }

    @Test
    void javaagentAppendsTheRuntimeAtStartupOnJdk25() throws Exception {
        Path java = Path.of(JDK25, "bin", "java");
        Assumptions.assumeTrue(Files.isExecutable(java), "no JDK 25 at " + JDK25);
        startup(java.toString());
    }

    @Test
    void dynamicAttachAppendsTheRuntimeOnce() throws Exception {
        attach(thisJava());
    }

    @Test
    void dynamicAttachAppendsTheRuntimeOnceOnJdk25() throws Exception {
        Path java = Path.of(JDK25, "bin", "java");
        Assumptions.assumeTrue(Files.isExecutable(java), "no JDK 25 at " + JDK25);
        attach(java.toString()); // JDK 21+ warns about dynamic agent loading on stderr: expected
    }

    private void attach(String java) throws Exception {
        Path tmpdir = Files.createDirectory(tmp.resolve("child-tmp"));
        List<String> args = List.of("-Djava.io.tmpdir=" + tmpdir, "-cp", testClasses, BootstrapProbe.class.getName(), "serve");
        try (ForkedJvm jvm = ForkedJvm.start(java, args)) {
            jvm.awaitLine(l -> l.startsWith("probe: ready"), PROCESS_TIMEOUT);
            jvm.send("report");
            expect(jvm, "probe: bootstrap loads", BootstrapProbe.NOT_VISIBLE);

            loadAgent(jvm);
            jvm.send("await");
            expect(jvm, "probe: bootstrap loads", BootstrapProbe.VISIBLE);
            expect(jvm, "probe: application loader", "probe: application loader sees the bootstrap copy: true");
            expect(jvm, "probe: extracted", "probe: extracted runtime jars: 1");

            loadAgent(jvm); // a re-attach finds the runtime on the bootstrap class path: no second copy
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

    private void startup(String java) throws Exception {
        Path tmpdir = Files.createDirectory(tmp.resolve("child-tmp"));
        List<String> args = List.of("-javaagent:" + agentJar, "-Djava.io.tmpdir=" + tmpdir,
                "-cp", testClasses, BootstrapProbe.class.getName());
        try (ForkedJvm jvm = ForkedJvm.start(java, args)) {
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
    private static void expect(ForkedJvm jvm, String prefix, String expected) throws InterruptedException {
        assertEquals(expected, jvm.awaitLine(l -> l.startsWith(prefix), PROCESS_TIMEOUT), jvm.describe());
    }

    private void loadAgent(ForkedJvm jvm) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(Long.toString(jvm.pid()));
        try {
            vm.loadAgent(agentJar);
        } finally {
            vm.detach();
        }
    }

    /** The agent never writes to stdout (the JVM's CDS warning of spike pitfall 7 goes to stderr). */
    private static void assertProbeOnlyOnStdout(ForkedJvm jvm) {
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

    private static String thisJava() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
