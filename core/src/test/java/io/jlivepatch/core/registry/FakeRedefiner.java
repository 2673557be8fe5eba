package io.jlivepatch.core.registry;

import io.jlivepatch.core.funcstack.LoadedCopies;
import io.jlivepatch.core.model.MethodRef;
import io.jlivepatch.core.weave.WeaveDecision;
import io.jlivepatch.core.weave.WeavePlan;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * A {@link ClassRedefiner} that records each redefinition with the trampolines the transformer
 * would see for each class in the registry's {@link WeavePlan}, keeps the trampolines each class
 * "carries" now, and can be told to fail once for a class (the other classes of that call stay
 * redefined, as on the JVM). Classes loaded with their bytes ({@link #load(String, byte[])}) are
 * decided by the plan, as the agent's transformer decides them, so fingerprints are checked.
 */
public final class FakeRedefiner implements ClassRedefiner {

    private final Set<String> loaded = new LinkedHashSet<>();
    private final Map<String, String> failNext = new HashMap<>();
    private final Map<String, Set<MethodRef>> carried = new HashMap<>();
    private final List<Map<String, Set<MethodRef>>> calls = new ArrayList<>();
    private final List<Map<String, Set<MethodRef>>> fallbacks = new ArrayList<>();
    private final Map<String, byte[]> originals = new HashMap<>();
    private int looks;
    private Supplier<WeavePlan> plan = () -> WeavePlan.EMPTY;

    /** Where the transformer reads the plan ({@code Modules::weavePlan}). */
    public void bind(Supplier<WeavePlan> weavePlan) {
        this.plan = weavePlan;
    }

    /** Loads {@code className} from {@code originalBytes}, which the fingerprint check sees. */
    public void load(String className, byte[] originalBytes) {
        loaded.add(className);
        originals.put(className, originalBytes.clone());
    }

    public void load(String className) {
        loaded.add(className);
    }

    /** Makes the next redefinition that includes {@code className} fail for it with {@code message}. */
    public void failNext(String className, String message) {
        failNext.put(className, message);
    }

    /** For every redefinition: class → the fallback methods the transformer saw. */
    public List<Map<String, Set<MethodRef>>> fallbacks() {
        return List.copyOf(fallbacks);
    }

    /** How many looks at the loaded classes were taken. */
    public int looks() {
        return looks;
    }

    @Override
    public LoadedCopies look(Set<String> classNames) {
        looks++;
        Set<String> result = new java.util.HashSet<>(classNames);
        result.retainAll(loaded);
        Set<String> frozen = Set.copyOf(result);
        return () -> frozen;
    }

    @Override
    public void redefine(LoadedCopies copies, Set<String> classNames) throws RedefineException {
        WeavePlan now = plan.get();
        Map<String, Set<MethodRef>> seen = new TreeMap<>();
        Map<String, Set<MethodRef>> kept = new TreeMap<>();
        for (String className : classNames) {
            seen.put(className, Set.copyOf(now.trampolines(className)));
            kept.put(className, Set.copyOf(now.fallback().getOrDefault(className, Set.of())));
        }
        fallbacks.add(kept);
        calls.add(seen);
        String failure = null;
        String misfit = null;
        for (Map.Entry<String, Set<MethodRef>> e : seen.entrySet()) {
            String message = failNext.remove(e.getKey());
            byte[] original = originals.get(e.getKey());
            if (message == null && original != null && !e.getValue().isEmpty()
                    && now.decide(e.getKey(), false, true, original) instanceof WeaveDecision.Failed failed) {
                // like the agent's transformer: the class keeps what it had, the call reports the error
                message = failed.error();
                if (failed.misfit() && misfit == null) {
                    misfit = message;
                }
            }
            if (message != null) {
                failure = message;
            } else {
                carried.put(e.getKey(), e.getValue());
            }
        }
        if (failure != null) {
            throw new RedefineException(failure, misfit, null);
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
