package io.jlivepatch.core.weave;

/**
 * A class or method that cannot carry a trampoline. The message names the class (binary name with
 * dots) and the method, and says why: missing, abstract, native, a constructor or static
 * initialiser, a class file too old for invokedynamic, already woven, or too large once woven.
 *
 * <p>Immutable once thrown; safe to hand between threads.
 */
public final class WeaveException extends Exception {
    private static final long serialVersionUID = 1L;

    public WeaveException(String message) {
        super(message);
    }

    public WeaveException(String message, Throwable cause) {
        super(message, cause);
    }
}
