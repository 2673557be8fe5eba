package io.jlivepatch.core.registry;

/**
 * A failed retransformation; the message names the class and method and says why. When a copy did
 * not fit the patch being enabled, {@link #misfit} is that misfit's message (the first in text
 * order), which the registry reports as the enable's own error.
 */
public final class RedefineException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String misfit;

    public RedefineException(String message, Throwable cause) {
        this(message, null, cause);
    }

    public RedefineException(String message, String misfit, Throwable cause) {
        super(message, cause);
        this.misfit = misfit;
    }

    /** The misfit with the enabling patch that failed the retransformation, or {@code null}. */
    public String misfit() {
        return misfit;
    }
}
