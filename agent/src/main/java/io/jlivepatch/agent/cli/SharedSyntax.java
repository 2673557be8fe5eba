package io.jlivepatch.agent.cli;

/**
 * The arguments and options that the verbs which talk to a process share, declared once (see
 * {@link Syntax}); {@link Verb} lists them in each verb's grammar.
 *
 * <p>Immutable and thread-safe.
 */
final class SharedSyntax {

    /** {@code --timeout} default for load and disable. */
    static final long DEFAULT_TIMEOUT_SECONDS = 60;

    /** The longest {@code --timeout}: a day. */
    private static final double MAX_TIMEOUT_SECONDS = 24 * 3600;

    /** The help line of {@code <pid>}. */
    static final Syntax.Positional PID = new Syntax.Positional("pid",
            "a process id, or a part of the main class (or -jar file) that matches exactly one Java process", false);

    static final Option<Boolean> JSON = Option.flag("--json", "print one JSON object instead of text");

    /** In milliseconds. */
    static final Option<Long> TIMEOUT = Option.value("--timeout", "<seconds>",
            "a number of seconds from 0 to 86400", SharedSyntax::millis,
            "how long to wait for the transition (default " + DEFAULT_TIMEOUT_SECONDS + "); on timeout it is\n"
                    + "reversed and the exit code is 3");

    static final Option<Boolean> KEEP_ON_TIMEOUT = Option.flag("--keep-on-timeout",
            "on timeout, leave the transition running instead of reversing it");

    private SharedSyntax() {}

    private static long millis(String text) {
        double seconds = Double.parseDouble(text);
        if (!(seconds >= 0 && seconds <= MAX_TIMEOUT_SECONDS)) {
            throw new IllegalArgumentException("out of range: " + text);
        }
        return Math.round(seconds * 1000);
    }
}
