package io.jlivepatch.samples.it;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The counts a stress harness printed ({@code test: key=value key=value ...}), run in a forked JVM
 * by {@link TargetJvm#runMain}. The line is also printed to the test's own output, which failsafe
 * keeps, so that every run records its figures (calls, flips, threads born, mixed, exceptions).
 *
 * <p>Not thread-safe; one per test.
 */
final class StressReport {

    private final String test;
    private final String line;
    private final String output;
    private final Map<String, String> values = new LinkedHashMap<>();

    private StressReport(String test, String line, String output) {
        this.test = test;
        this.line = line;
        this.output = output;
        for (String pair : line.split(" ")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                values.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
    }

    /** Runs the harness {@code mainClass} and reads the report it printed last. */
    static StressReport run(String test, List<String> jvmArgs, String mainClass, long timeoutSeconds,
                            String... args) throws Exception {
        String output = TargetJvm.runMain(test, jvmArgs, mainClass, timeoutSeconds, args);
        String line = null;
        for (String l : output.split("\n")) {
            if (l.startsWith("test: ")) {
                line = l.substring("test: ".length());
            }
        }
        if (line == null) {
            fail(test + " printed no report:\n" + output);
        }
        StressReport report = new StressReport(test, line, output);
        System.out.println("stress " + test + ": " + line);
        return report;
    }

    /** The count named {@code key}; fails if the harness did not print it. */
    long get(String key) {
        String value = values.get(key);
        if (value == null) {
            fail("no " + key + " in the report of " + test + ": " + line);
        }
        return Long.parseLong(value);
    }

    /** Asserts that the count {@code key} is exactly {@code expected}. */
    void assertCount(String key, long expected, String what) {
        if (get(key) != expected) {
            fail(what + ": " + key + "=" + get(key) + ", expected " + expected + "\n" + this);
        }
    }

    /** Asserts that the count {@code key} is above zero. */
    void assertSome(String key, String what) {
        assertTrue(get(key) > 0, () -> what + ": " + key + "=0\n" + this);
    }

    /**
     * The report line, then what the harness printed besides the agent's log (exceptions, mixed
     * calls), if anything; the whole output is in {@code target/it-logs}.
     */
    @Override
    public String toString() {
        List<String> printed = output.lines().filter(l -> !l.startsWith("INFO: ") && !l.endsWith(" Boot log")
                && !l.startsWith("test: ") && !l.contains("VM warning")).limit(200).toList();
        return test + ": " + line + (printed.isEmpty() ? "" : "\n" + String.join("\n", printed));
    }
}
