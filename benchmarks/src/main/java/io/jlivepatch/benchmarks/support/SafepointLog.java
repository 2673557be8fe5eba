package io.jlivepatch.benchmarks.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads this JVM's own safepoint log, written by
 * {@code -Xlog:safepoint=info:file=PATH:timenanos} with {@code -Djlivepatch.safepoint.log=PATH}
 * (the {@code Bench} launcher passes both). The {@code timenanos} decoration is the clock of
 * {@link System#nanoTime()}, so a harness can pick the safepoints that ended inside its own
 * measurement windows.
 *
 * <p>{@code Total} is from the safepoint request to the resumption of threads: an upper bound on
 * the pause any one application thread saw from that VM operation. It splits into "reaching" (time
 * to safepoint: waiting for running threads to stop, which on an oversubscribed machine includes
 * waiting for the OS to run them at all) and "at safepoint" (the VM operation itself).
 *
 * <p>Thread-safety: immutable after {@link #read()}; thread-safe.
 */
public final class SafepointLog {

    /** One logged safepoint: its VM operation, when it ended, and its total length. */
    public record Safepoint(String operation, long endNanos, long reachingNanos, long atNanos, long totalNanos) {
    }

    private static final Pattern LINE = Pattern.compile(
            "^\\[(\\d+)ns\\] Safepoint \"([^\"]+)\".*Reaching safepoint: (\\d+) ns.*At safepoint: (\\d+) ns.*Total: (\\d+) ns");

    private final List<Safepoint> safepoints;

    private SafepointLog(List<Safepoint> safepoints) {
        this.safepoints = List.copyOf(safepoints);
    }

    /** Whether this JVM was started with a safepoint log this class can read. */
    public static boolean available() {
        String path = System.getProperty("jlivepatch.safepoint.log");
        return path != null && Files.isRegularFile(Path.of(path));
    }

    /** Reads the log as written so far (HotSpot flushes each line); empty when unavailable. */
    public static SafepointLog read() {
        if (!available()) {
            return new SafepointLog(List.of());
        }
        List<Safepoint> all = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(Path.of(System.getProperty("jlivepatch.safepoint.log")))) {
                Matcher m = LINE.matcher(line);
                if (m.find()) {
                    all.add(new Safepoint(m.group(2), Long.parseLong(m.group(1)), Long.parseLong(m.group(3)),
                            Long.parseLong(m.group(4)), Long.parseLong(m.group(5))));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new SafepointLog(all);
    }

    /** The safepoints that ended within {@code [fromNanos, toNanos]}. */
    public List<Safepoint> within(long fromNanos, long toNanos) {
        List<Safepoint> found = new ArrayList<>();
        for (Safepoint s : safepoints) {
            if (s.endNanos() >= fromNanos && s.endNanos() <= toNanos) {
                found.add(s);
            }
        }
        return found;
    }

    /** The longest safepoint that ended within the window, or {@code null}. */
    public Safepoint longest(long fromNanos, long toNanos) {
        Safepoint longest = null;
        for (Safepoint s : within(fromNanos, toNanos)) {
            if (longest == null || s.totalNanos() > longest.totalNanos()) {
                longest = s;
            }
        }
        return longest;
    }
}
