package io.jlivepatch.samples.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.sun.tools.attach.VirtualMachine;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A forked target JVM running {@code TargetMain}, driven line by line. Its standard output and error
 * are merged, kept in order, and written to a log under {@code target/it-logs} when it closes. Every
 * wait has a timeout, and {@link #close} kills the process if it is still running.
 */
final class TargetJvm implements AutoCloseable {

    static final Path AGENT_JAR = Path.of(System.getProperty("jlivepatch.agent.jar", "../agent/target/jlivepatch-agent.jar"));
    static final String CLASSPATH = System.getProperty("jlivepatch.target.classpath", "target/classes:target/test-classes");
    private static final long TIMEOUT_SECONDS = 60;

    private final String name;
    private final Process process;
    private final Writer stdin;
    private final List<String> lines = new ArrayList<>();
    private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
    private final Thread pump;

    private TargetJvm(String name, List<String> command) throws IOException {
        this.name = name;
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        process = builder.start();
        stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        pump = new Thread(this::pump, "pump-" + name);
        pump.setDaemon(true);
        pump.start();
        String ready = answer();
        if (!ready.startsWith("ready")) {
            fail("target " + name + " did not start: " + ready + "\n" + output());
        }
    }

    /** Starts a target with the agent at startup ({@code -javaagent:jar=options}). */
    static TargetJvm withAgent(String name, String agentOptions, String... jvmArgs) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.add("-javaagent:" + AGENT_JAR.toAbsolutePath() + (agentOptions.isEmpty() ? "" : "=" + agentOptions));
        command.addAll(List.of(jvmArgs));
        command.addAll(List.of("-cp", CLASSPATH, "io.jlivepatch.samples.targets.TargetMain"));
        return new TargetJvm(name, command);
    }

    /**
     * Starts a target whose class path also has {@code extraClasspath} first (a version of an
     * application), with the agent at startup when {@code agentOptions} is not {@code null}.
     */
    static TargetJvm withClasspath(String name, String extraClasspath, String agentOptions) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(java());
        if (agentOptions != null) {
            command.add("-javaagent:" + AGENT_JAR.toAbsolutePath() + (agentOptions.isEmpty() ? "" : "=" + agentOptions));
        }
        command.addAll(List.of("-cp", extraClasspath + java.io.File.pathSeparator + CLASSPATH,
                "io.jlivepatch.samples.targets.TargetMain"));
        return new TargetJvm(name, command);
    }

    /** Starts a target with exactly these JVM arguments (several agents, say). */
    static TargetJvm withJvmArgs(String name, String... jvmArgs) throws IOException {
        return withoutAgent(name, jvmArgs);
    }

    /** Starts a target without the agent; see {@link #attach}. */
    static TargetJvm withoutAgent(String name, String... jvmArgs) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(List.of(jvmArgs));
        command.addAll(List.of("-cp", CLASSPATH, "io.jlivepatch.samples.targets.TargetMain"));
        return new TargetJvm(name, command);
    }

    /**
     * Starts {@code mainClass} (a console with {@code TargetMain}'s protocol) on the given
     * {@code java} executable, with these JVM arguments; the CLI tests use it for their own main
     * class and for other JDKs.
     */
    static TargetJvm ofMain(String name, String java, String mainClass, String... jvmArgs) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(List.of(jvmArgs));
        command.addAll(List.of("-cp", CLASSPATH, mainClass));
        return new TargetJvm(name, command);
    }

    /**
     * Starts a console with {@code TargetMain}'s protocol from any command line: a JVM started
     * through {@code setpriv} as another user, or through {@code unshare} in its own namespaces.
     */
    static TargetJvm ofCommand(String name, List<String> command) throws IOException {
        return new TargetJvm(name, command);
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Loads the agent into the running target through the Attach API, then waits for it. */
    void attach(String agentOptions) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(Long.toString(process.pid()));
        try {
            vm.loadAgent(AGENT_JAR.toAbsolutePath().toString(), agentOptions);
        } finally {
            vm.detach();
        }
        String ready = run("agent");
        if (!ready.equals("agent ready")) {
            fail("agent did not start in " + name + ": " + ready + "\n" + output());
        }
    }

    /** Sends one command and returns its answer (the text after {@code test: }). */
    String run(String command) throws IOException {
        stdin.write(command + "\n");
        stdin.flush();
        return answer();
    }

    private String answer() {
        try {
            String answer = answers.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (answer == null) {
                fail("no answer from " + name + " within " + TIMEOUT_SECONDS + " s\n" + output());
            }
            return answer;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void pump() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                synchronized (lines) {
                    lines.add(line);
                }
                if (line.startsWith("test: ")) {
                    answers.add(line.substring("test: ".length()));
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    /** Everything the target printed so far. */
    String output() {
        synchronized (lines) {
            return String.join("\n", lines);
        }
    }

    /**
     * The transcript, like the kernel selftests' {@code check_result}: the commands ({@code % ...}),
     * the answers ({@code test: ...}), the agent's messages ({@code jlivepatch: ...}) and the lines
     * of the ported kernel test modules ({@code test_klp...}), in order. Needs the agent option
     * {@code log=stderr} for the messages.
     */
    List<String> transcript() {
        List<String> result = new ArrayList<>();
        synchronized (lines) {
            for (String line : lines) {
                if (line.startsWith("% ") || line.startsWith("test: ") || line.startsWith("jlivepatch: ")
                        || line.startsWith("test_klp")) {
                    result.add(line);
                }
            }
        }
        return result;
    }

    /** The transcript from the first line equal to {@code marker} on. */
    List<String> transcriptFrom(String marker) {
        List<String> all = transcript();
        int start = all.indexOf(marker);
        return start < 0 ? all : all.subList(start, all.size());
    }

    /**
     * Runs {@code mainClass} in a forked JVM to completion and returns its merged output; fails the
     * test on a non-zero exit or after {@code timeoutSeconds}.
     */
    static String runMain(String name, List<String> jvmArgs, String mainClass, long timeoutSeconds, String... args)
            throws Exception {
        return runMainOn(java(), name, jvmArgs, mainClass, timeoutSeconds, args);
    }

    /** {@link #runMain} on the given {@code java} executable (another JDK). */
    static String runMainOn(String java, String name, List<String> jvmArgs, String mainClass, long timeoutSeconds,
            String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmArgs);
        command.addAll(List.of("-cp", CLASSPATH, mainClass));
        command.addAll(List.of(args));
        Path logs = Path.of(System.getProperty("jlivepatch.logs", "target/it-logs"));
        Files.createDirectories(logs);
        Path log = logs.resolve(name + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(name + " did not finish within " + timeoutSeconds + " s:\n" + Files.readString(log));
        }
        String output = Files.readString(log);
        if (process.exitValue() != 0) {
            fail(name + " exited with " + process.exitValue() + ":\n" + output);
        }
        return output;
    }

    /**
     * Sends {@code command} every 50 ms until it answers {@code expected} (state the target reaches
     * asynchronously: a transition's driver, a collection, a watch poll); fails after 30 s with the
     * last answer and the target's output.
     */
    void eventually(String command, String expected) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).untilAsserted(
                () -> assertEquals(expected, run(command), () -> "'" + command + "' in " + name + "\n" + output()));
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() throws Exception {
        try {
            if (process.isAlive()) {
                try {
                    stdin.write("quit\n");
                    stdin.flush();
                } catch (IOException ignored) {
                    // already gone
                }
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
            pump.join(5000);
        } finally {
            Path logs = Path.of(System.getProperty("jlivepatch.logs", "target/it-logs"));
            Files.createDirectories(logs);
            Files.writeString(logs.resolve(name + ".log"), output() + "\n");
        }
    }
}
