package io.jlivepatch.core.registry;

/**
 * A refused or failed operation. The registry and the JVM are as they were before the operation
 * (except where {@link #isBusy} says another operation was in progress, which is untouched). The
 * message names the patch, class or method at fault.
 */
public final class LivepatchException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final boolean busy;

    LivepatchException(String message, boolean busy, Throwable cause) {
        super(message, cause);
        this.busy = busy;
    }

    static LivepatchException refused(String message) {
        return new LivepatchException(message, false, null);
    }

    static LivepatchException refused(String message, Throwable cause) {
        return new LivepatchException(message, false, cause);
    }

    static LivepatchException busy(String message) {
        return new LivepatchException(message, true, null);
    }

    /** Whether it was refused because another operation or transition was in progress (EBUSY). */
    public boolean isBusy() {
        return busy;
    }
}
