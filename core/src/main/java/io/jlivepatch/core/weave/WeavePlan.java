package io.jlivepatch.core.weave;

import io.jlivepatch.core.model.MethodRef;
import java.util.Map;
import java.util.Set;

/**
 * Everything the class-file transformer needs to decide how to weave a class, published by the
 * registry as one immutable value (one volatile read per class, so a decision never mixes two
 * operations' states), and the decision itself: bytes and state in, {@link WeaveDecision} out.
 *
 * <p>Immutable and thread-safe.
 *
 * @param trampolines the methods that must carry a trampoline now, by class
 * @param fallback while a retransformation is in progress, the trampolines classes had before it
 * @param objects the classes the active patches name (with funcs or callbacks)
 * @param enabling the fingerprinted funcs of the patch being enabled ({@link Fingerprinted#NONE} otherwise)
 * @param active the fingerprinted funcs of the active patches
 */
public record WeavePlan(Map<String, Set<MethodRef>> trampolines, Map<String, Set<MethodRef>> fallback,
                        Set<String> objects, Fingerprinted enabling, Fingerprinted active) {

    /** The plan before any patch. */
    public static final WeavePlan EMPTY = new WeavePlan(Map.of(), Map.of(), Set.of(), Fingerprinted.NONE,
            Fingerprinted.NONE);

    /** The methods of {@code className} that must carry a trampoline now. */
    public Set<MethodRef> trampolines(String className) {
        return trampolines.getOrDefault(className, Set.of());
    }

    /**
     * The decision for one copy of {@code className}.
     *
     * @param loading {@code true} when the copy is being defined, {@code false} when it is retransformed
     * @param alive whether patches may still touch this copy (not refused by a pre-patch callback,
     *     its loader not gone); only read for a retransformation
     * @param original the copy's bytes as originally loaded, which the JVM hands to a
     *     retransform-capable transformer
     */
    public WeaveDecision decide(String className, boolean loading, boolean alive, byte[] original) {
        Set<MethodRef> methods = trampolines(className);
        if (loading) {
            return coming(className, methods, original);
        }
        if (methods.isEmpty() || !alive) {
            return new WeaveDecision.Original();
        }
        String misfit = enabling.misfit(className, original);
        if (misfit != null) {
            return new WeaveDecision.Failed(misfit, true, keep(className, original));
        }
        if (active.misfit(className, original) != null) {
            // An active patch does not fit this copy: it goes back to its bytes as loaded, unpatched.
            return new WeaveDecision.Original();
        }
        try {
            return new WeaveDecision.Woven(Trampoline.weave(original, methods));
        } catch (WeaveException e) {
            return new WeaveDecision.Failed(e.getMessage(), false, keep(className, original));
        }
    }

    /**
     * A loading copy: check it against the fingerprints (those of the patch being enabled first),
     * then weave. The weave comes before any callback because it is pure: when it fails, no
     * callback has run and none will.
     */
    private WeaveDecision coming(String className, Set<MethodRef> methods, byte[] original) {
        if (methods.isEmpty() && !objects.contains(className)) {
            return new WeaveDecision.Original();
        }
        String misfit = enabling.misfit(className, original);
        if (misfit != null) {
            return new WeaveDecision.LoadsUnpatched(misfit, false);
        }
        misfit = active.misfit(className, original);
        if (misfit != null) {
            return new WeaveDecision.LoadsUnpatched(misfit, true);
        }
        if (methods.isEmpty()) {
            return new WeaveDecision.Coming(null);
        }
        try {
            return new WeaveDecision.Coming(Trampoline.weave(original, methods));
        } catch (WeaveException e) {
            return new WeaveDecision.LoadsUnpatched(e.getMessage(), true);
        }
    }

    /** What a class keeps when its new weave fails: its trampolines from before, or its original bytes. */
    private byte[] keep(String className, byte[] original) {
        Set<MethodRef> before = fallback.getOrDefault(className, Set.of());
        if (before.isEmpty()) {
            return null;
        }
        try {
            return Trampoline.weave(original, before);
        } catch (WeaveException e) {
            return null; // it carried them before, so this cannot fail; if it does, the original bytes
        }
    }
}
