package io.jlivepatch.core.model;

/**
 * A patch, object or func that is malformed: a bad name, a duplicate func, a malformed descriptor.
 * The message names the patch, class or method at fault.
 */
public final class InvalidPatchException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidPatchException(String message) {
        super(message);
    }
}
