package io.jlivepatch.samples.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * What a forked JVM of {@link TargetJvm} prints: its output lines in order (standard error merged in,
 * or kept apart), drained by daemon threads so the child never blocks on a full pipe, and offered
 * one by one to {@link #awaitLine}.
 *
 * <p>Thread-safety: the drain threads append; one test thread reads; the buffers are synchronized.
 */
final class ChildOutput {

    private static final String EOF = "\u0000EOF";

    private final String name;
    private final Supplier<String> description;
    private final List<String> lines = new ArrayList<>();
    private final StringBuffer stderr = new StringBuffer();
    private final BlockingQueue<String> incoming = new LinkedBlockingQueue<>();
    private final List<Thread> drains = new ArrayList<>(2);

    /**
     * @param name the child's name, for thread names and messages
     * @param description the child's command line and output, for failure messages
     */
    ChildOutput(String name, Supplier<String> description) {
        this.name = name;
        this.description = description;
    }

    /** Drains {@code stream} into the output lines, or into {@link #stderr} when {@code out} is false. */
    void drain(InputStream stream, boolean out) {
        Thread drain = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line; (line = reader.readLine()) != null; ) {
                    if (out) {
                        synchronized (lines) {
                            lines.add(line);
                        }
                        incoming.add(line);
                    } else {
                        stderr.append(line).append('\n');
                    }
                }
            } catch (IOException e) {
                // the process ended
            } finally {
                if (out) {
                    incoming.add(EOF);
                }
            }
        }, "drain-" + (out ? "out-" : "err-") + name);
        drain.setDaemon(true);
        drain.start();
        drains.add(drain);
    }

    /**
     * Waits for the next output line matching {@code wanted}, skipping others.
     *
     * @return the line
     * @throws AssertionError if the child ends its output or the timeout passes first
     */
    String awaitLine(Predicate<String> wanted, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                String line = incoming.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == null) {
                    fail("no expected line from " + name + " within " + timeout + "\n" + description.get());
                }
                if (line.equals(EOF)) {
                    incoming.add(EOF);
                    fail(name + " closed its output before the expected line\n" + description.get());
                }
                if (wanted.test(line)) {
                    return line;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits (at most 5 s each) for the drain threads to reach the end of their streams. */
    void awaitEnd() throws InterruptedException {
        for (Thread drain : drains) {
            drain.join(TimeUnit.SECONDS.toMillis(5));
        }
    }

    /** {@return the output lines so far, in order} */
    List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /** {@return standard error so far, when kept apart; empty otherwise} */
    String stderr() {
        return stderr.toString();
    }
}
