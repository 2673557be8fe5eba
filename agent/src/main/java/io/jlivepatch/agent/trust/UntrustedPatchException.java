package io.jlivepatch.agent.trust;

/**
 * A patch jar the trust store does not vouch for: unsigned, partly signed, altered after signing,
 * or signed by a certificate the store does not hold. The message is one sentence whose subject is
 * the jar ({@code /p/fix.jar is not signed}), printed as it is by the agent and the CLI.
 *
 * <p>Thread-safety: immutable once thrown.
 */
public final class UntrustedPatchException extends Exception {
    private static final long serialVersionUID = 1L;

    UntrustedPatchException(String jar, String problem) {
        super(jar + " " + problem);
    }

    UntrustedPatchException(String jar, String problem, Throwable cause) {
        super(jar + " " + problem, cause);
    }
}
