package io.jlivepatch.core.funcstack;

import io.jlivepatch.core.model.Patch;
import io.jlivepatch.core.model.PatchFunc;

/**
 * A func on a func stack, with the patch it belongs to.
 *
 * <p>Immutable and thread-safe.
 */
public record StackedFunc(Patch patch, PatchFunc func) {

    /** The code this entry selects: the original body for a nop, else the replacement. */
    public Version version() {
        return func.isNop() ? Version.ORIGINAL : new Version.Replaced(patch, func);
    }
}
