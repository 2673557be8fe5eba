package io.jlivepatch.core.funcstack;

import io.jlivepatch.core.model.MethodRef;
import io.jlivepatch.core.model.Patch;
import io.jlivepatch.core.model.PatchFunc;
import io.jlivepatch.core.model.PatchObject;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The func stacks and the trampoline set as one truth (the kernel's {@code patch.c}: the ftrace
 * handler of a function is registered with its first func and removed with its last). A method
 * carries a trampoline exactly while it has a func stack, or while an enable has reserved it: an
 * enable weaves its trampolines before its pre-patch callbacks run and its funcs are pushed, so
 * that a failing weave refuses the patch before any callback ran.
 *
 * <p>Not thread-safe: owned by the registry and used under its lock. The registry publishes
 * {@link #trampolines()} and {@link #fallback()} (immutable maps) to the class-file transformer in
 * its weave plan.
 */
public final class Patching {

    private final FuncStacks stacks = new FuncStacks();
    /** The enabling patch's methods, woven ahead of its funcs. Registry lock. */
    private Set<MethodKey> reserved = Set.of();
    /** Methods carrying a trampoline, by class; immutable. */
    private Map<String, Set<MethodRef>> trampolines = Map.of();
    /**
     * While a retransformation is in progress: the trampolines the classes had before it, for a
     * transformer whose weave fails (it keeps the class as it was); immutable.
     */
    private Map<String, Set<MethodRef>> fallback = Map.of();

    /** The func stacks; mutate them only through this class's callers under the registry lock. */
    public FuncStacks stacks() {
        return stacks;
    }

    /** The methods that must carry a trampoline now, by class (immutable). */
    public Map<String, Set<MethodRef>> trampolines() {
        return trampolines;
    }

    /** The trampolines classes had before the retransformation in progress, by class (immutable). */
    public Map<String, Set<MethodRef>> fallback() {
        return fallback;
    }

    /**
     * Reserves trampolines for every func of {@code patch} ahead of its push, and opens the
     * fallback window of the retransformation that weaves them.
     *
     * @return the classes whose trampoline set grew
     */
    public Set<String> reserve(Patch patch) {
        Map<String, Set<MethodRef>> before = trampolines;
        Set<MethodKey> methods = new LinkedHashSet<>();
        for (PatchObject object : patch.objects()) {
            for (PatchFunc func : object.funcs()) {
                methods.add(new MethodKey(object.className(), func.method()));
            }
        }
        reserved = Set.copyOf(methods);
        fallback = before;
        trampolines = derive();
        Set<String> grown = new LinkedHashSet<>();
        trampolines.forEach((className, set) -> {
            if (!set.equals(before.getOrDefault(className, Set.of()))) {
                grown.add(className);
            }
        });
        return grown;
    }

    /** Closes the fallback window of the retransformation in progress. */
    public void retransformed() {
        fallback = Map.of();
    }

    /**
     * Drops the reservation and brings the trampoline set back to the methods with a func stack
     * (the kernel's {@code klp_unpatch_objects} as far as trampolines go).
     *
     * @return what no longer carries a trampoline: the classes to retransform, and the methods
     *     whose call sites can be forgotten
     */
    public Unweave settle() {
        Map<String, Set<MethodRef>> before = trampolines;
        reserved = Set.of();
        trampolines = derive();
        Set<String> shrunk = new LinkedHashSet<>();
        Set<MethodKey> gone = new LinkedHashSet<>();
        before.forEach((className, had) -> {
            Set<MethodRef> still = trampolines.getOrDefault(className, Set.of());
            if (!still.equals(had)) {
                shrunk.add(className);
                for (MethodRef method : had) {
                    if (!still.contains(method)) {
                        gone.add(new MethodKey(className, method));
                    }
                }
            }
        });
        return new Unweave(Set.copyOf(shrunk), Set.copyOf(gone));
    }

    /**
     * Undoes a {@link #reserve} whose retransformation failed: the set goes back to exactly what it
     * was, and the fallback window closes.
     */
    public void unreserve() {
        reserved = Set.of();
        trampolines = derive();
        fallback = Map.of();
    }

    /** What {@link #settle} took away. */
    public record Unweave(Set<String> classes, Set<MethodKey> methods) {
        public boolean isEmpty() {
            return classes.isEmpty();
        }
    }

    private Map<String, Set<MethodRef>> derive() {
        Map<String, Set<MethodRef>> byClass = new HashMap<>();
        for (MethodKey key : stacks.methods()) {
            byClass.computeIfAbsent(key.className(), c -> new LinkedHashSet<>()).add(key.method());
        }
        for (MethodKey key : reserved) {
            byClass.computeIfAbsent(key.className(), c -> new LinkedHashSet<>()).add(key.method());
        }
        Map<String, Set<MethodRef>> frozen = new HashMap<>();
        byClass.forEach((className, methods) -> frozen.put(className, Set.copyOf(methods)));
        return Map.copyOf(frozen);
    }

    /** Pushes {@code object}'s funcs of {@code patch} (the kernel's {@code klp_patch_object}). */
    public List<MethodKey> push(Patch patch, PatchObject object) {
        return stacks.push(patch, object);
    }

    /** Pops {@code object}'s funcs of {@code patch} (the kernel's {@code klp_unpatch_object}). */
    public List<MethodKey> pop(Patch patch, PatchObject object) {
        return stacks.pop(patch, object);
    }
}
