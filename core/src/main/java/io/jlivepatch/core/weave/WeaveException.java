package io.jlivepatch.core.weave;

/**
 * A class or method that cannot carry a trampoline. The message names the class and method and
 * says why (missing, abstract, native, a constructor, a class file too old for invokedynamic...).
 */
public final class WeaveException extends Exception {
    private static final long serialVersionUID = 1L;

    public WeaveException(String message) {
        super(message);
    }
}
