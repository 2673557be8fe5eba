package io.jlivepatch.core.model;

import java.util.Objects;

/**
 * One patched method (the kernel's {@code klp_func}): a target method and its replacement, or a
 * nop, which means "the original code" and is what atomic replace adds for methods the new patch
 * no longer changes.
 *
 * <p>Immutable and thread-safe. Run-time flags (on a func stack, in transition) live with the
 * func stacks and transitions, never here.
 *
 * @param method the target method
 * @param replacement the new code; {@code null} exactly when this func is a nop
 */
public record PatchFunc(MethodRef method, Replacement replacement) {

    public PatchFunc {
        Objects.requireNonNull(method, "method");
        if (method.isInitializer()) {
            throw new InvalidPatchException("cannot patch " + method
                    + ": constructors and static initialisers are not patchable (see the README)");
        }
    }

    /** A func that replaces {@code method} with {@code replacement}. */
    public static PatchFunc of(MethodRef method, Replacement replacement) {
        return new PatchFunc(method, Objects.requireNonNull(replacement, "replacement"));
    }

    /** A nop func: callers of {@code method} run its original code. */
    public static PatchFunc nop(MethodRef method) {
        return new PatchFunc(method, null);
    }

    public boolean isNop() {
        return replacement == null;
    }

    @Override
    public String toString() {
        return isNop() ? method + " -> nop" : method + " -> " + replacement;
    }
}
