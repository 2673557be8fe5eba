package io.jlivepatch.agent;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A child JVM for the forked-JVM tests: captures stdout (line by line, for {@link #awaitLine}) and
 * stderr, enforces timeouts, and is killed forcibly on {@link #close} if still running. Every
 * failure message carries the command and the full transcript.
 *
 * <p>Thread-safety: one test thread drives an instance; two daemon threads drain the child's
 * streams into synchronized buffers.
 */
final class ForkedJvm implements AutoCloseable {

    private static final String EOF = "\u0000EOF";

    private final List<String> command;
    private final Process process;
    private final Writer stdin;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuffer transcript = new StringBuffer();
    private final List<Thread> drains = new ArrayList<>(2);

    private ForkedJvm(List<String> command) throws IOException {
        this.command = List.copyOf(command);
        this.process = new ProcessBuilder(command).start();
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        drain(process.getInputStream(), "out", true);
        drain(process.getErrorStream(), "err", false);
    }

    /** Starts {@code java <args...>} with the given {@code java} executable. */
    static ForkedJvm start(String java, List<String> args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(args);
        return new ForkedJvm(command);
    }

    /** {@return the child's process id} */
    long pid() {
        return process.pid();
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
     * Waits for the next stdout line matching {@code wanted}, skipping others.
     *
     * @return the line
     * @throws AssertionError if the child ends its output or the timeout passes first
     */
    String awaitLine(Predicate<String> wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new AssertionError("no expected line within " + timeout + "\n" + describe());
            }
            if (line.equals(EOF)) {
                lines.add(EOF);
                throw new AssertionError("the child closed stdout before the expected line\n" + describe());
            }
            if (wanted.test(line)) {
                return line;
            }
        }
    }

    /**
     * Waits for the child to exit; kills it forcibly on timeout.
     *
     * @return the exit code
     * @throws AssertionError on timeout
     */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("no exit within " + timeout + "; killed\n" + describe());
        }
        for (Thread t : drains) { // let them reach the end of both streams
            t.join(TimeUnit.SECONDS.toMillis(5));
        }
        return process.exitValue();
    }

    /** {@return the stdout lines so far, in order} */
    List<String> stdout() {
        List<String> out = new ArrayList<>();
        for (String line : transcript.toString().split("\n")) {
            if (line.startsWith("[out] ")) {
                out.add(line.substring("[out] ".length()));
            }
        }
        return out;
    }

    /** {@return everything the child wrote to stderr so far} */
    String stderr() {
        StringBuilder err = new StringBuilder();
        for (String line : transcript.toString().split("\n")) {
            if (line.startsWith("[err] ")) {
                err.append(line, "[err] ".length(), line.length()).append('\n');
            }
        }
        return err.toString();
    }

    /** {@return the command and the interleaved transcript, for failure messages} */
    String describe() {
        return "command: " + String.join(" ", command) + "\ntranscript:\n" + transcript;
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void drain(InputStream stream, String name, boolean queue) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    transcript.append('[').append(name).append("] ").append(line).append('\n');
                    if (queue) {
                        lines.add(line);
                    }
                }
            } catch (IOException e) {
                transcript.append('[').append(name).append(" read failed: ").append(e).append("]\n");
            } finally {
                transcript.append('[').append(name).append(" EOF]\n");
                if (queue) {
                    lines.add(EOF);
                }
            }
        }, "drain-" + name + "-" + process.pid());
        t.setDaemon(true);
        t.start();
        drains.add(t);
    }
}
