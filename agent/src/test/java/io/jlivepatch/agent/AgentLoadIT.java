package io.jlivepatch.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Smoke tests of the shipped agent jar in forked JVMs: with {@code -javaagent} and with dynamic
 * attach (on this JDK, and on JDK 25 when {@value #JDK25} exists). An agent with no work costs nothing
 * visible: it prints nothing at all (stdout and stderr), defines no runtime class, and leaves class
 * data sharing in effect for the application's classes; its first work (a command) defines the runtime
 * in the boot loader, exactly once, without a jar on the bootstrap class path. The child is
 * {@link BootstrapProbe}; each child gets its own {@code java.io.tmpdir} so that files the agent
 * might extract could be counted.
 *
 * <p>Thread-safety: JUnit runs the methods one at a time.
 */
@Timeout(180)
class AgentLoadIT {

    private static final String JDK25 = "/usr/lib/jvm/temurin-25-jdk-amd64";
    private static final Duration PROCESS_TIMEOUT = Duration.ofSeconds(60);
    private static final String AGENT_FAILED = "jlivepatch: the agent did not start";
    /** A command that gives the agent work without a patch jar: refused ("no patch"), but it builds the engine. */
    private static final String FIRST_WORK = "command=force,name=no-such-patch,id=probe-1";

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
        Path tmpdir = Files.createDirectory(tmp.resolve("child-tmp"));
        try (ForkedJvm jvm = ForkedJvm.start(thisJava(),
                List.of("-Djava.io.tmpdir=" + tmpdir, "-cp", testClasses, BootstrapProbe.class.getName()))) {
            assertEquals(0, jvm.awaitExit(PROCESS_TIMEOUT), jvm.describe());
            assertEquals(List.of(BootstrapProbe.NOT_VISIBLE, "probe: extracted runtime jars: 0"), jvm.stdout(), jvm.describe());
        }
    }

    @Test
    void javaagentWithoutPatchesPrintsNothingAndDefinesNothing() throws Exception {
        startup(thisJava());
    }

    @Test
    void javaagentWithoutPatchesPrintsNothingAndDefinesNothingOnJdk25() throws Exception {
        startup(jdk25());
    }

    @Test
    void javaagentKeepsClassDataSharingForApplicationClasses() throws Exception {
        cds(thisJava(), false);
    }

    @Test
    void javaagentKeepsTheAotCacheForApplicationClassesOnJdk25() throws Exception {
        cds(jdk25(), true);
    }

    @Test
    void firstWorkDefinesTheRuntimeInTheBootLoaderOnce() throws Exception {
        attach(thisJava());
    }

    @Test
    void firstWorkDefinesTheRuntimeInTheBootLoaderOnceOnJdk25() throws Exception {
        attach(jdk25()); // JDK 21+ warns about dynamic agent loading on stderr: expected for loadAgent
    }

    @Test
    void aPatchAnnouncedOnTheCommandSocketWarmsTheAgentSilently() throws Exception {
        Path tmpdir = Files.createDirectory(tmp.resolve("child-tmp"));
        List<String> args = List.of("-javaagent:" + agentJar, "-Djava.io.tmpdir=" + tmpdir, "-cp", testClasses,
                BootstrapProbe.class.getName(), "serve");
        try (ForkedJvm jvm = ForkedJvm.start(thisJava(), args)) {
            jvm.awaitLine(l -> l.startsWith("probe: ready"), PROCESS_TIMEOUT);
            jvm.send("report");
            expect(jvm, "probe: bootstrap loads", BootstrapProbe.NOT_VISIBLE);
            Path socket = Path.of("/tmp", ".jlivepatch-" + jvm.pid(), "commands");
            long deadline = System.nanoTime() + PROCESS_TIMEOUT.toNanos();
            // Polls until the agent accepts: the file appears at bind, before listen, and a stale socket
            // of a dead JVM with the same pid may be there until the agent replaces it.
            while (true) {
                try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                    channel.connect(UnixDomainSocketAddress.of(socket));
                    channel.write(ByteBuffer.wrap("prepare\n".getBytes(StandardCharsets.UTF_8)));
                    break;
                } catch (java.io.IOException notYet) {
                    assertTrue(System.nanoTime() < deadline, "no command socket accepting at " + socket + " ("
                            + notYet + ")\n" + jvm.describe());
                    Thread.sleep(10);
                }
            }
            jvm.send("await"); // the warm-up defines the runtime and builds the engine, in the background
            expect(jvm, "probe: bootstrap loads", BootstrapProbe.VISIBLE);
            jvm.closeInput();
            assertEquals(0, jvm.awaitExit(PROCESS_TIMEOUT), jvm.describe());
            assertEquals("", jvm.stderr(), "the warm-up printed on stderr\n" + jvm.describe());
            assertProbeOnlyOnStdout(jvm);
        }
    }

    private void attach(String java) throws Exception {
        Path tmpdir = Files.createDirectory(tmp.resolve("child-tmp"));
        List<String> args = List.of("-Djava.io.tmpdir=" + tmpdir, "-cp", testClasses, BootstrapProbe.class.getName(), "serve");
        try (ForkedJvm jvm = ForkedJvm.start(java, args)) {
            jvm.awaitLine(l -> l.startsWith("probe: ready"), PROCESS_TIMEOUT);
            jvm.send("report");
            expect(jvm, "probe: bootstrap loads", BootstrapProbe.NOT_VISIBLE);

            loadAgent(jvm, null); // no work: nothing is defined
            jvm.send("report");
            expect(jvm, "probe: bootstrap loads", BootstrapProbe.NOT_VISIBLE);

            loadAgent(jvm, FIRST_WORK);
            jvm.send("report"); // the command ran within loadAgent
            expect(jvm, "probe: bootstrap loads", BootstrapProbe.VISIBLE);
            expect(jvm, "probe: application loader", "probe: application loader sees the bootstrap copy: true");
            expect(jvm, "probe: extracted", "probe: extracted runtime jars: 0");

            loadAgent(jvm, FIRST_WORK.replace("probe-1", "probe-2")); // the runtime is there: not defined again
            jvm.send("report");
            expect(jvm, "probe: bootstrap loads", BootstrapProbe.VISIBLE);
            expect(jvm, "probe: application loader", "probe: application loader sees the bootstrap copy: true");

            jvm.closeInput();
            assertEquals(0, jvm.awaitExit(PROCESS_TIMEOUT), jvm.describe());
            assertFalse(jvm.stderr().contains(AGENT_FAILED), jvm.describe());
            assertFalse(jvm.stderr().contains("cannot define"), jvm.describe());
            assertFalse(jvm.stderr().contains("bootstrap classpath has been appended"), jvm.describe());
            assertProbeOnlyOnStdout(jvm);
        }
    }

    private void startup(String java) throws Exception {
        Path tmpdir = Files.createDirectory(tmp.resolve("child-tmp"));
        Path empty = Files.createDirectory(tmp.resolve("no-patches"));
        for (String options : List.of("", "=patches=" + empty)) {
            List<String> args = List.of("-javaagent:" + agentJar + options, "-Djava.io.tmpdir=" + tmpdir,
                    "-cp", testClasses, BootstrapProbe.class.getName());
            try (ForkedJvm jvm = ForkedJvm.start(java, args)) {
                assertEquals(0, jvm.awaitExit(PROCESS_TIMEOUT), jvm.describe());
                assertEquals(List.of(BootstrapProbe.NOT_VISIBLE, "probe: extracted runtime jars: 0"), jvm.stdout(),
                        jvm.describe());
                assertEquals("", jvm.stderr(), "the agent (or the JVM because of it) printed on stderr\n" + jvm.describe());
            }
        }
    }

    /**
     * An archive of the probe from a training run, then a run with the archive and {@code -javaagent}:
     * the probe, an application-loader class, must come from the archive, and the run must print
     * nothing but the probe's lines. The training run adds {@code java.instrument} as
     * {@code -javaagent} would (a dump with an agent needs a diagnostic flag), so that the module graphs
     * match. On JDK 17 the archive is a dynamic CDS archive; on JDK 25 an AOT cache (JEP 483, 514):
     * JDK 25 compares a dynamic archive's modules with the default base archive's, dumped without
     * {@code java.instrument}, and prints an error for any {@code -javaagent}, ours or not.
     */
    private void cds(String java, boolean aotCache) throws Exception {
        String probeJar = probeJar().toString(); // CDS archives classes from jars only, never from directories
        Path archive = tmp.resolve(aotCache ? "probe.aot" : "probe.jsa");
        try (ForkedJvm dump = ForkedJvm.start(java, List.of(
                (aotCache ? "-XX:AOTCacheOutput=" : "-XX:ArchiveClassesAtExit=") + archive,
                "--add-modules=java.instrument", "-cp", probeJar, BootstrapProbe.class.getName()))) {
            assertEquals(0, dump.awaitExit(PROCESS_TIMEOUT), dump.describe());
        }
        assertTrue(Files.isRegularFile(archive), "no archive was written");
        Path log = tmp.resolve("class-load.log");
        try (ForkedJvm jvm = ForkedJvm.start(java, List.of(
                (aotCache ? "-XX:AOTCache=" : "-XX:SharedArchiveFile=") + archive,
                "-Xlog:class+load=info:file=" + log, "-javaagent:" + agentJar,
                "-cp", probeJar, BootstrapProbe.class.getName()))) {
            assertEquals(0, jvm.awaitExit(PROCESS_TIMEOUT), jvm.describe());
            assertEquals("", jvm.stderr(), "the agent (or the JVM because of it) printed on stderr\n" + jvm.describe());
            assertProbeOnlyOnStdout(jvm);
            String probe = BootstrapProbe.class.getName() + " source: ";
            List<String> lines = Files.readAllLines(log).stream().filter(l -> l.contains(probe)).toList();
            assertEquals(1, lines.size(), "one class+load line for the probe expected: " + lines);
            assertTrue(lines.get(0).contains("source: shared objects file"),
                    "the application-loader class " + BootstrapProbe.class.getName()
                            + " was not mapped from the archive: " + lines.get(0));
        }
    }

    /** A jar of the probe alone. */
    private Path probeJar() throws IOException {
        String entry = BootstrapProbe.class.getName().replace('.', '/') + ".class";
        Path jar = tmp.resolve("probe.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry(entry));
            out.write(Files.readAllBytes(Path.of(testClasses, entry)));
            out.closeEntry();
        }
        return jar;
    }

    /** Waits for the next stdout line starting with {@code prefix} and asserts it is {@code expected}. */
    private static void expect(ForkedJvm jvm, String prefix, String expected) throws InterruptedException {
        assertEquals(expected, jvm.awaitLine(l -> l.startsWith(prefix), PROCESS_TIMEOUT), jvm.describe());
    }

    private void loadAgent(ForkedJvm jvm, String options) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(Long.toString(jvm.pid()));
        try {
            vm.loadAgent(agentJar, options);
        } finally {
            vm.detach();
        }
    }

    /** The agent never writes to stdout. */
    private static void assertProbeOnlyOnStdout(ForkedJvm jvm) {
        List<String> foreign = new ArrayList<>();
        for (String line : jvm.stdout()) {
            if (!line.startsWith("probe: ")) {
                foreign.add(line);
            }
        }
        assertEquals(List.of(), foreign, "unexpected stdout\n" + jvm.describe());
    }


    private static String jdk25() {
        Path java = Path.of(JDK25, "bin", "java");
        Assumptions.assumeTrue(Files.isExecutable(java), "no JDK 25 at " + JDK25);
        return java.toString();
    }

    private static String thisJava() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
