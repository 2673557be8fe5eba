package io.jlivepatch.core.registry;

/** A failed retransformation; the message names the class and method and says why. */
public final class RedefineException extends Exception {
    private static final long serialVersionUID = 1L;

    public RedefineException(String message, Throwable cause) {
        super(message, cause);
    }
}
