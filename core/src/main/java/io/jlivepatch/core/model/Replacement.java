package io.jlivepatch.core.model;

/**
 * Where a func's new code is: a static method of one of the patch's classes. For an instance target
 * method the receiver comes first, so the descriptor is the target's with the owner prepended.
 *
 * <p>Immutable and thread-safe.
 *
 * @param className binary name of the patch class that holds the method (as in the patch jar)
 * @param method the static replacement method
 */
public record Replacement(String className, MethodRef method) {

    public Replacement {
        Names.requireClassName(className);
        if (method == null) {
            throw new InvalidPatchException("replacement in " + className + " has no method");
        }
    }

    @Override
    public String toString() {
        return className + "." + method;
    }
}
