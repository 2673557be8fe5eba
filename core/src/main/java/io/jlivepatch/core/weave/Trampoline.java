package io.jlivepatch.core.weave;

import io.jlivepatch.core.model.MethodRef;
import java.util.Set;

/**
 * Inserts the dispatch trampoline into methods of a class file: pure {@code byte[] -> byte[]}.
 *
 * <p>Placeholder: the implementation lands with the weave work of the foundation issue.
 */
public final class Trampoline {

    /** The line number the prologue carries, so stack traces show redirected calls. */
    public static final int PROLOGUE_LINE = 65000;

    private Trampoline() {}

    /**
     * Returns {@code original} with a trampoline at the start of each method in {@code methods};
     * {@code original} itself (the same array) when {@code methods} is empty.
     *
     * @throws WeaveException naming the class and method when one cannot be woven
     */
    public static byte[] weave(byte[] original, Set<MethodRef> methods) throws WeaveException {
        if (methods.isEmpty()) {
            return original;
        }
        throw new WeaveException("weaving is not implemented yet");
    }
}
