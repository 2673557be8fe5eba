package io.jlivepatch.core.funcstack;

import io.jlivepatch.core.model.Patch;
import io.jlivepatch.core.model.PatchFunc;
import java.util.Objects;

/**
 * Which code a call of a patched method runs: the original body, or one patch's replacement.
 *
 * <p>Immutable and thread-safe.
 */
public sealed interface Version {

    /** The original body (no func, or a nop on top). */
    Version ORIGINAL = Original.INSTANCE;

    /** Whether this is the original body. */
    default boolean isOriginal() {
        return this == ORIGINAL;
    }

    /** The original method body. */
    enum Original implements Version {
        INSTANCE;

        @Override
        public String toString() {
            return "original";
        }
    }

    /**
     * A patch's replacement.
     *
     * @param patch the patch that owns the replacement code
     * @param func a func that is not a nop
     */
    record Replaced(Patch patch, PatchFunc func) implements Version {
        public Replaced {
            Objects.requireNonNull(patch, "patch");
            if (func.isNop()) {
                throw new IllegalArgumentException("a nop selects the original version");
            }
        }

        @Override
        public String toString() {
            return patch.name() + ":" + func.replacement();
        }
    }
}
