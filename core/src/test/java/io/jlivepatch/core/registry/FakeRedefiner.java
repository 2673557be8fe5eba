package io.jlivepatch.core.registry;

import io.jlivepatch.core.model.MethodRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A {@link ClassRedefiner} that records each redefinition with the {@code wovenMethods} the
 * transformer would see for each class, keeps the trampolines each class "carries" now, and can be
 * told to fail once for a class (the other classes of that call stay redefined, as on the JVM).
 */
public final class FakeRedefiner implements ClassRedefiner {

    private final Set<String> loaded = new LinkedHashSet<>();
    private final Map<String, String> failNext = new HashMap<>();
    private final Map<String, Set<MethodRef>> carried = new HashMap<>();
    private final List<Map<String, Set<MethodRef>>> calls = new ArrayList<>();
    private Function<String, Set<MethodRef>> woven;
    private Function<String, Set<MethodRef>> fallback = c -> Set.of();
    private final List<Map<String, Set<MethodRef>>> fallbacks = new ArrayList<>();
    private final Map<String, byte[]> originals = new HashMap<>();
    private java.util.function.BiFunction<String, byte[], Misfit> misfit = (c, b) -> null;

    /** Where the transformer checks fingerprints ({@code Livepatch::misfit}); classes need {@link #load(String, byte[])}. */
    public void bindMisfit(java.util.function.BiFunction<String, byte[], Misfit> check) {
        this.misfit = check;
    }

    /** Loads {@code className} from {@code originalBytes}, which the fingerprint check sees. */
    public void load(String className, byte[] originalBytes) {
        loaded.add(className);
        originals.put(className, originalBytes.clone());
    }

    /** Where the transformer reads the methods to weave ({@code Livepatch::wovenMethods}). */
    public void bind(Function<String, Set<MethodRef>> wovenMethods) {
        this.woven = wovenMethods;
    }

    /** Where the transformer reads the trampolines to keep when a weave fails ({@code Livepatch::fallbackMethods}). */
    public void bindFallback(Function<String, Set<MethodRef>> fallbackMethods) {
        this.fallback = fallbackMethods;
    }

    /** For every redefinition: class → the fallback methods the transformer saw. */
    public List<Map<String, Set<MethodRef>>> fallbacks() {
        return List.copyOf(fallbacks);
    }

    public void load(String className) {
        loaded.add(className);
    }

    /** Makes the next redefinition that includes {@code className} fail for it with {@code message}. */
    public void failNext(String className, String message) {
        failNext.put(className, message);
    }

    @Override
    public Set<String> loaded(Set<String> classNames) {
        Set<String> result = new java.util.HashSet<>(classNames);
        result.retainAll(loaded);
        return result;
    }

    @Override
    public void redefine(Set<String> classNames) throws RedefineException {
        Map<String, Set<MethodRef>> seen = new TreeMap<>();
        Map<String, Set<MethodRef>> kept = new TreeMap<>();
        for (String className : classNames) {
            seen.put(className, Set.copyOf(woven.apply(className)));
            kept.put(className, Set.copyOf(fallback.apply(className)));
        }
        fallbacks.add(kept);
        calls.add(seen);
        String failure = null;
        for (Map.Entry<String, Set<MethodRef>> e : seen.entrySet()) {
            String message = failNext.remove(e.getKey());
            byte[] original = originals.get(e.getKey());
            Misfit misfits = original == null ? null : misfit.apply(e.getKey(), original);
            if (message == null && misfits != null && misfits.enabling()) {
                // like TrampolineTransformer: the class keeps what it had, the call reports the error
                message = misfits.message();
            }
            if (message != null) {
                failure = message;
            } else {
                carried.put(e.getKey(), e.getValue());
            }
        }
        if (failure != null) {
            throw new RedefineException(failure, null);
        }
    }

    /** Every redefinition so far: class → the woven methods the transformer saw. */
    public List<Map<String, Set<MethodRef>>> calls() {
        return List.copyOf(calls);
    }

    /** The trampolines {@code className} carries now (after the last redefinition that applied). */
    public Set<MethodRef> carried(String className) {
        return carried.getOrDefault(className, Set.of());
    }

    /** Trampolines of every class, for before/after comparisons. */
    public Map<String, Set<MethodRef>> carried() {
        return new LinkedHashMap<>(carried);
    }
}
