package io.jlivepatch.core.model;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One patched method (the kernel's {@code klp_func}): a target method and its replacement, or a
 * nop, which means "the original code" and is what atomic replace adds for methods the new patch
 * no longer changes.
 *
 * <p>A func may carry the fingerprint of the target method it was built against (what
 * {@code jlivepatch build} records): enabling the patch is refused when a loaded copy of the target
 * class has different code for the method. {@code ""} means "not checked", as for hand-written
 * patches and nops.
 *
 * <p>Immutable and thread-safe. Run-time flags (on a func stack, in transition) live with the
 * func stacks and transitions, never here.
 *
 * @param method the target method
 * @param replacement the new code; {@code null} exactly when this func is a nop
 * @param fingerprint SHA-256 (64 lower-case hex digits) of the target method's normalized code, or {@code ""}
 */
public record PatchFunc(MethodRef method, Replacement replacement, String fingerprint) {

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    public PatchFunc {
        Objects.requireNonNull(method, "method");
        if (method.isInitializer()) {
            throw new InvalidPatchException("cannot patch " + method
                    + ": constructors and static initialisers are not patchable (see the README)");
        }
        fingerprint = Objects.requireNonNullElse(fingerprint, "");
        if (!fingerprint.isEmpty() && !SHA256_HEX.matcher(fingerprint).matches()) {
            throw new InvalidPatchException("invalid fingerprint '" + fingerprint + "' for " + method
                    + ": expected 64 lower-case hex digits (a SHA-256)");
        }
        if (replacement == null && !fingerprint.isEmpty()) {
            throw new InvalidPatchException("a nop for " + method + " cannot carry a fingerprint");
        }
    }

    /** A func without a fingerprint (the form before fingerprints existed). */
    public PatchFunc(MethodRef method, Replacement replacement) {
        this(method, replacement, "");
    }

    /** A func that replaces {@code method} with {@code replacement}, unchecked. */
    public static PatchFunc of(MethodRef method, Replacement replacement) {
        return of(method, replacement, "");
    }

    /** A func that replaces {@code method} with {@code replacement}, built against {@code fingerprint}. */
    public static PatchFunc of(MethodRef method, Replacement replacement, String fingerprint) {
        return new PatchFunc(method, Objects.requireNonNull(replacement, "replacement"), fingerprint);
    }

    /** A nop func: callers of {@code method} run its original code. */
    public static PatchFunc nop(MethodRef method) {
        return new PatchFunc(method, null, "");
    }

    public boolean isNop() {
        return replacement == null;
    }

    /** Whether enabling checks the target method's code against {@link #fingerprint()}. */
    public boolean isFingerprinted() {
        return !fingerprint.isEmpty();
    }

    @Override
    public String toString() {
        return isNop() ? method + " -> nop" : method + " -> " + replacement;
    }
}
