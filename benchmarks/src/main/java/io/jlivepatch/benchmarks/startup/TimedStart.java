package io.jlivepatch.benchmarks.startup;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One measured JVM start for {@link StartupHarness}: the wall time until the JVM printed its first
 * line (and, for a program that ends by itself, until it exited), its CPU time over its whole life,
 * and what it printed on stderr. The CPU time is that of all the JVM's threads, from
 * {@code perf stat -e task-clock} where it works (to the microsecond), else from
 * {@code /usr/bin/time} (user + system, in 10 ms steps), else -1.
 *
 * <p>Thread-safety: stateless; each call starts and reaps its own process.
 */
final class TimedStart {

    private static final Path TIME = Path.of("/usr/bin/time");
    private static final Path PERF = Path.of("/usr/bin/perf");
    private static final boolean PERF_WORKS = perfWorks();

    /** The measurements of one start. */
    record Result(double millis, double cpuMillis, String stderr) {}

    private TimedStart() {}

    /** Where the CPU times come from, for the report's header. */
    static String cpuSource() {
        return PERF_WORKS ? "perf stat -e task-clock" : Files.isExecutable(TIME) ? "/usr/bin/time (10 ms steps)" : "none";
    }

    /**
     * Starts {@code command} (a {@code java} command line), waits for a first stdout line starting with
     * {@code expected}, stops the clock there or, if {@code untilExit}, when the process has exited;
     * then closes its stdin (a server that stops when its stdin closes) and reaps it.
     *
     * @param work a directory for the CPU and stderr files
     * @throws IllegalStateException if the first line is another, or the JVM exits with a failure
     */
    static Result run(List<String> command, String expected, boolean untilExit, Path work)
            throws IOException, InterruptedException {
        Path cpuFile = Files.createTempFile(work, "cpu-", ".txt");
        Path errFile = Files.createTempFile(work, "err-", ".txt");
        List<String> timed = new ArrayList<>();
        if (PERF_WORKS) {
            timed.addAll(List.of(PERF.toString(), "stat", "-x", ",", "-e", "task-clock", "-o", cpuFile.toString()));
        } else if (Files.isExecutable(TIME)) {
            timed.addAll(List.of(TIME.toString(), "-f", "%U %S", "-o", cpuFile.toString()));
        }
        timed.addAll(command);
        long start = System.nanoTime();
        Process process = new ProcessBuilder(timed).redirectError(errFile.toFile()).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line = out.readLine();
            if (line == null || !line.startsWith(expected)) {
                throw new IllegalStateException(String.join(" ", command) + " printed " + line + " first; stderr: "
                        + Files.readString(errFile));
            }
            if (untilExit) {
                process.waitFor();
            }
            double millis = (System.nanoTime() - start) / 1e6;
            process.getOutputStream().close();
            out.transferTo(Writer.nullWriter());
            process.waitFor();
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited with " + process.exitValue()
                        + "; stderr: " + Files.readString(errFile));
            }
            double cpuMillis = cpuMillis(Files.readString(cpuFile));
            String stderr = Files.readString(errFile);
            Files.delete(cpuFile);
            Files.delete(errFile);
            return new Result(millis, cpuMillis, stderr);
        }
    }

    /**
     * The CPU milliseconds in a {@code perf stat -x ,} file ({@code 38.19,msec,task-clock,...}) or a
     * {@code /usr/bin/time -f "%U %S"} file (seconds); -1 if there is none.
     */
    static double cpuMillis(String file) {
        for (String line : file.lines().toList()) {
            if (line.contains(",msec,task-clock")) {
                return Double.parseDouble(line.substring(0, line.indexOf(',')));
            }
        }
        String[] times = file.trim().split("\\s+");
        if (times.length == 2 && !file.contains("task-clock")) {
            return (Double.parseDouble(times[0]) + Double.parseDouble(times[1])) * 1000;
        }
        return -1;
    }

    private static boolean perfWorks() {
        if (!Files.isExecutable(PERF)) {
            return false;
        }
        try {
            Process p = new ProcessBuilder(PERF.toString(), "stat", "-x", ",", "-e", "task-clock", "true")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.waitFor() == 0 && out.contains("task-clock") && !out.contains("not supported");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
