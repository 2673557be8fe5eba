package io.jlivepatch.samples.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One run of the real CLI, {@code java -jar jlivepatch-agent.jar <args>}, in its own process, with
 * a timeout; its exit code, standard output and standard error. Every run is appended to
 * {@code target/it-logs/cli.log}.
 *
 * <p>Immutable once run; thread-safe.
 *
 * @param exit the exit code
 * @param out standard output
 * @param err standard error
 */
record CliRun(int exit, String out, String err) {

    private static final long TIMEOUT_SECONDS = 120;

    /** Runs the CLI of the agent jar under test. */
    static CliRun of(String... args) throws Exception {
        return command(List.of(), TargetJvm.AGENT_JAR.toAbsolutePath().toString(), args);
    }

    /** Runs {@code prefix... java -jar agentJar args...} (prefix: for example a setpriv to another user). */
    static CliRun command(List<String> prefix, String agentJar, String... args) throws Exception {
        List<String> command = new ArrayList<>(prefix);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-jar");
        command.add(agentJar);
        command.addAll(List.of(args));
        return exec(command);
    }

    /** Runs any command line. */
    static CliRun exec(List<String> command) throws Exception {
        Path logs = Path.of(System.getProperty("jlivepatch.logs", "target/it-logs"));
        Files.createDirectories(logs);
        Path out = Files.createTempFile(logs, "cli-", ".out");
        Path err = Files.createTempFile(logs, "cli-", ".err");
        try {
            Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("did not finish within " + TIMEOUT_SECONDS + " s: " + command);
            }
            CliRun run = new CliRun(process.exitValue(), Files.readString(out), Files.readString(err));
            Files.writeString(logs.resolve("cli.log"), "$ " + String.join(" ", command) + "\n" + run + "\n",
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            return run;
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    @Override
    public String toString() {
        return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }

    /** The first line of standard output. */
    String firstLine() {
        int nl = out.indexOf('\n');
        return nl < 0 ? out : out.substring(0, nl);
    }
}
