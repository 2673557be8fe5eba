package io.jlivepatch.samples.it;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * What a forked JVM of the end-to-end tests is: which {@code java}, the agent at startup and its
 * options, JVM arguments and system properties, the class path and the main class with its
 * arguments. Start it as a {@link #console} (the in-target console, answering {@code test: } lines)
 * or as any program ({@link #start}); both give a {@link TargetJvm}.
 *
 * <p>Thread-safety: none; a test builds one and starts it.
 */
final class TargetLaunch {

    private final String name;
    private String java = TargetJvm.java();
    private String agentOptions;
    private final List<String> jvmArgs = new ArrayList<>();
    private String classpath = TargetJvm.CLASSPATH;
    private String mainClass = TargetJvm.CONSOLE;
    private final List<String> args = new ArrayList<>();
    private boolean separateStderr;

    TargetLaunch(String name) {
        this.name = name;
    }

    /** Runs on this {@code java} executable instead of the tests' own. */
    TargetLaunch java(String executable) {
        this.java = executable;
        return this;
    }

    /** Runs on JDK 25; skips the test (an assumption) when it is not installed. */
    TargetLaunch onJdk25() {
        Path executable = TargetJvm.JDK25.resolve("bin").resolve("java");
        Assumptions.assumeTrue(Files.isExecutable(executable), "no JDK 25 at " + TargetJvm.JDK25);
        return java(executable.toString());
    }

    /**
     * Loads the agent at startup ({@code -javaagent:jar=options}; empty options for none);
     * {@code null} starts without it.
     */
    TargetLaunch agent(String options) {
        this.agentOptions = options;
        return this;
    }

    /** Adds JVM arguments (before the class path and the main class). */
    TargetLaunch jvmArgs(String... arguments) {
        jvmArgs.addAll(List.of(arguments));
        return this;
    }

    /** Adds a system property {@code -Dkey=value}. */
    TargetLaunch property(String key, String value) {
        jvmArgs.add("-D" + key + "=" + value);
        return this;
    }

    /** Runs with exactly this class path instead of the tests' own. */
    TargetLaunch classpath(String entries) {
        this.classpath = entries;
        return this;
    }

    /** Puts {@code entries} before the tests' class path (a version of an application, say). */
    TargetLaunch classpathFirst(String entries) {
        this.classpath = entries + File.pathSeparator + TargetJvm.CLASSPATH;
        return this;
    }

    /** Runs {@code className} with these arguments (replacing any given before) instead of the console. */
    TargetLaunch main(String className, String... arguments) {
        this.mainClass = className;
        args.clear();
        args.addAll(List.of(arguments));
        return this;
    }

    /** Keeps standard error apart from standard output (see {@link TargetJvm#stderr}). */
    TargetLaunch separateStderr() {
        this.separateStderr = true;
        return this;
    }

    /** {@return the command line} */
    List<String> command() {
        List<String> command = new ArrayList<>();
        command.add(java);
        if (agentOptions != null) {
            command.add("-javaagent:" + TargetJvm.AGENT_JAR.toAbsolutePath() + (agentOptions.isEmpty() ? "" : "=" + agentOptions));
        }
        command.addAll(jvmArgs);
        command.addAll(List.of("-cp", classpath, mainClass));
        command.addAll(args);
        return command;
    }

    /** Starts a console (the main class speaks the {@code test: } protocol) and waits for its {@code ready}. */
    TargetJvm console() throws IOException {
        return new TargetJvm(name, command(), true, separateStderr);
    }

    /** Starts any program; drive it through its lines. */
    TargetJvm start() throws IOException {
        return new TargetJvm(name, command(), false, separateStderr);
    }
}
