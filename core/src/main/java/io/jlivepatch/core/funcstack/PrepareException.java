package io.jlivepatch.core.funcstack;

/** Replacement code that cannot be made ready; the message names the patch, class and method. */
public final class PrepareException extends Exception {
    private static final long serialVersionUID = 1L;

    public PrepareException(String message, Throwable cause) {
        super(message, cause);
    }
}
