package io.jlivepatch.agent.cli;

/**
 * Ends a CLI command with an exit code and a message that names the cause and the fix
 * (architecture §6: 1 refused or failed with nothing changed, 2 usage, 3 transition not complete in
 * time).
 *
 * <p>Immutable; thread-safe once thrown.
 */
final class Failure extends Exception {
    private static final long serialVersionUID = 1L;

    /** Refused or failed; the target is unchanged. */
    static final int REFUSED = 1;
    /** Bad command line. */
    static final int USAGE = 2;
    /** The transition did not complete within the timeout. */
    static final int TIMEOUT = 3;

    private final int exitCode;

    Failure(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    Failure(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    static Failure refused(String message) {
        return new Failure(REFUSED, message);
    }

    static Failure usage(String message) {
        return new Failure(USAGE, message);
    }

    int exitCode() {
        return exitCode;
    }
}
