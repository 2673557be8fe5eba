package io.jlivepatch.samples.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The one fixture for forked JVMs in the end-to-end tests: a child JVM described by a
 * {@link TargetLaunch} (which {@code java}, which agent options, system properties, main class),
 * driven line by line. Every wait has a timeout; {@link #close} kills the process if it is still
 * running and writes its command line and everything it printed to {@code target/it-logs/<name>.log};
 * every failure message carries the command line and the output.
 *
 * <p>Two ways to drive it. A <em>console</em> ({@link TargetLaunch#console}, the in-target
 * {@code TargetMain}) answers each command with one line starting with {@code test: }; see
 * {@link #run}. Any other program is driven through its raw lines ({@link #awaitLine},
 * {@link #awaitExit}, {@link #stdout}). Standard error is merged into standard output (so the agent's
 * {@code log=stderr} messages keep their place in the {@link #transcript}) unless the launch asked
 * for {@link TargetLaunch#separateStderr}.
 *
 * <p>Thread-safety: one test thread drives an instance; daemon threads drain the child's streams
 * ({@link ChildOutput}).
 */
final class TargetJvm implements AutoCloseable {

    static final Path AGENT_JAR = Path.of(System.getProperty("jlivepatch.agent.jar", "../agent/target/jlivepatch-agent.jar"));
    static final String CLASSPATH = System.getProperty("jlivepatch.target.classpath", "target/classes:target/test-classes");
    /** The console every end-to-end test talks to. */
    static final String CONSOLE = "io.jlivepatch.samples.targets.TargetMain";
    /** The JDK with virtual threads the tests also run on when it is installed. */
    static final Path JDK25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final String name;
    private final List<String> command;
    private final boolean console;
    private final Process process;
    private final Writer stdin;
    private final ChildOutput output;

    TargetJvm(String name, List<String> command, boolean console, boolean separateStderr) throws IOException {
        this.name = name;
        this.command = List.copyOf(command);
        this.console = console;
        process = new ProcessBuilder(command).redirectErrorStream(!separateStderr).start();
        stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        output = new ChildOutput(name, this::describe);
        output.drain(process.getInputStream(), true);
        if (separateStderr) {
            output.drain(process.getErrorStream(), false);
        }
        if (console) {
            String ready = answer();
            if (!ready.startsWith("ready")) {
                fail("target " + name + " did not start: " + ready + "\n" + describe());
            }
        }
    }

    /** {@return a launch of a forked JVM named {@code name} (the name of its log)}, to describe and start */
    static TargetLaunch named(String name) {
        return new TargetLaunch(name);
    }

    /** Starts the console with the agent at startup ({@code -javaagent:jar=options}). */
    static TargetJvm withAgent(String name, String agentOptions, String... jvmArgs) throws IOException {
        return named(name).agent(agentOptions).jvmArgs(jvmArgs).console();
    }

    /**
     * Starts the console with {@code extraClasspath} first on its class path (a version of an
     * application), with the agent at startup when {@code agentOptions} is not {@code null}.
     */
    static TargetJvm withClasspath(String name, String extraClasspath, String agentOptions) throws IOException {
        return named(name).agent(agentOptions).classpathFirst(extraClasspath).console();
    }

    /** Starts the console with exactly these JVM arguments (several agents, say). */
    static TargetJvm withJvmArgs(String name, String... jvmArgs) throws IOException {
        return withoutAgent(name, jvmArgs);
    }

    /** Starts the console without the agent; see {@link #attach}. */
    static TargetJvm withoutAgent(String name, String... jvmArgs) throws IOException {
        return named(name).jvmArgs(jvmArgs).console();
    }

    /**
     * Starts {@code mainClass} (a console with {@code TargetMain}'s protocol) on the given
     * {@code java} executable, with these JVM arguments; the CLI tests use it for their own main
     * class and for other JDKs.
     */
    static TargetJvm ofMain(String name, String java, String mainClass, String... jvmArgs) throws IOException {
        return named(name).java(java).jvmArgs(jvmArgs).main(mainClass).console();
    }

    /**
     * Starts a console with {@code TargetMain}'s protocol from any command line: a JVM started
     * through {@code setpriv} as another user, or through {@code unshare} in its own namespaces.
     */
    static TargetJvm ofCommand(String name, List<String> command) throws IOException {
        return new TargetJvm(name, command, true, false);
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
        try (TargetJvm jvm = named(name).java(java).jvmArgs(jvmArgs.toArray(String[]::new)).main(mainClass, args).start()) {
            int exit = jvm.awaitExit(Duration.ofSeconds(timeoutSeconds));
            if (exit != 0) {
                fail(name + " exited with " + exit + ":\n" + jvm.output());
            }
            return jvm.output();
        }
    }

    /** {@return this JVM's {@code java} executable} */
    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Loads the agent into the running console through the Attach API, then waits for it. */
    void attach(String agentOptions) throws Exception {
        loadAgent(agentOptions);
        String ready = run("agent");
        if (!ready.equals("agent ready")) {
            fail("agent did not start in " + name + ": " + ready + "\n" + describe());
        }
    }

    /** Loads the agent through the Attach API ({@code null} options: none) and returns at once (for programs that are no console). */
    void loadAgent(String agentOptions) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(Long.toString(process.pid()));
        try {
            vm.loadAgent(AGENT_JAR.toAbsolutePath().toString(), agentOptions);
        } finally {
            vm.detach();
        }
    }

    /** Sends one command to the console and returns its answer (the text after {@code test: }). */
    String run(String command) throws IOException {
        send(command);
        return answer();
    }

    /** Sends one line to the child's stdin. */
    void send(String line) throws IOException {
        stdin.write(line + "\n");
        stdin.flush();
    }

    /** Closes the child's stdin (end of input). */
    void closeInput() throws IOException {
        stdin.close();
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

    private String answer() {
        return awaitLine(line -> line.startsWith("test: "), TIMEOUT).substring("test: ".length());
    }

    /**
     * Waits for the next output line matching {@code wanted}, skipping others.
     *
     * @return the line
     * @throws AssertionError if the child ends its output or the timeout passes first
     */
    String awaitLine(Predicate<String> wanted, Duration timeout) {
        return output.awaitLine(wanted, timeout);
    }

    /**
     * Waits for the child to exit (and its output to be read to the end); kills it on timeout.
     *
     * @return the exit code
     * @throws AssertionError on timeout
     */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            fail(name + " did not exit within " + timeout + "; killed\n" + describe());
        }
        output.awaitEnd();
        return process.exitValue();
    }

    /** Everything the target printed so far (standard error too, unless kept separate). */
    String output() {
        return String.join("\n", output.lines());
    }

    /** {@return the output lines so far, in order} */
    List<String> stdout() {
        return output.lines();
    }

    /** {@return what the child wrote to standard error so far, when the launch kept it separate} */
    String stderr() {
        return output.stderr();
    }

    /** {@return the command line and the output, for failure messages} */
    String describe() {
        String err = output.stderr().isEmpty() ? "" : "\nstderr:\n" + output.stderr();
        return "command: " + String.join(" ", command) + "\noutput:\n" + output() + err;
    }

    /**
     * The transcript, like the kernel selftests' {@code check_result}: the commands ({@code % ...}),
     * the answers ({@code test: ...}), the agent's messages ({@code jlivepatch: ...}) and the lines
     * of the ported kernel test modules ({@code test_klp...}), in order. Needs the agent option
     * {@code log=stderr} for the messages.
     */
    List<String> transcript() {
        List<String> result = new ArrayList<>();
        for (String line : output.lines()) {
            if (line.startsWith("% ") || line.startsWith("test: ") || line.startsWith("jlivepatch: ")
                    || line.startsWith("test_klp")) {
                result.add(line);
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

    long pid() {
        return process.pid();
    }

    /** Says {@code quit} to a console (kills any other program), waits for the end and writes the log. */
    @Override
    public void close() throws Exception {
        try {
            if (process.isAlive()) {
                if (console) {
                    try {
                        send("quit");
                    } catch (IOException ignored) {
                        // already gone
                    }
                }
                if (!console || !process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
            output.awaitEnd();
        } finally {
            Path logs = Path.of(System.getProperty("jlivepatch.logs", "target/it-logs"));
            Files.createDirectories(logs);
            String err = output.stderr().isEmpty() ? "" : "[stderr]\n" + output.stderr();
            Files.writeString(logs.resolve(name + ".log"), "$ " + String.join(" ", command) + "\n" + output() + "\n" + err);
        }
    }
}
