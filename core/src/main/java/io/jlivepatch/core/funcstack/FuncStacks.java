package io.jlivepatch.core.funcstack;

import io.jlivepatch.core.model.MethodRef;
import io.jlivepatch.core.model.Patch;
import io.jlivepatch.core.model.PatchFunc;
import io.jlivepatch.core.model.PatchObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * All func stacks, by method (the kernel's list of {@code klp_ops}). A stack exists while it has
 * an entry; the methods with a stack are exactly the methods that carry a trampoline.
 *
 * <p>Not thread-safe: owned by the registry and used under its lock.
 */
public final class FuncStacks {

    private final Map<MethodKey, FuncStack> stacks = new LinkedHashMap<>();

    /** Pushes every func of {@code object} on its method's stack; returns the methods touched. */
    public List<MethodKey> push(Patch patch, PatchObject object) {
        List<MethodKey> touched = new ArrayList<>();
        for (PatchFunc func : object.funcs()) {
            MethodKey key = new MethodKey(object.className(), func.method());
            stacks.computeIfAbsent(key, FuncStack::new).push(patch, func);
            touched.add(key);
        }
        return touched;
    }

    /** Removes {@code patch}'s funcs of {@code object}; stacks left empty are dropped. */
    public List<MethodKey> pop(Patch patch, PatchObject object) {
        List<MethodKey> touched = new ArrayList<>();
        for (PatchFunc func : object.funcs()) {
            MethodKey key = new MethodKey(object.className(), func.method());
            FuncStack stack = stacks.get(key);
            if (stack != null && stack.remove(patch)) {
                touched.add(key);
                if (stack.isEmpty()) {
                    stacks.remove(key);
                }
            }
        }
        return touched;
    }

    /** The stack of {@code method}, or {@code null} when no patch patches it. */
    public FuncStack stack(MethodKey method) {
        return stacks.get(method);
    }

    /** The version the top of {@code method}'s stack selects. */
    public Version topVersion(MethodKey method) {
        FuncStack stack = stacks.get(method);
        return stack == null ? Version.ORIGINAL : stack.topVersion();
    }

    /** The methods of {@code className} that have a stack. */
    public Set<MethodRef> methodsOf(String className) {
        Set<MethodRef> methods = new LinkedHashSet<>();
        for (MethodKey key : stacks.keySet()) {
            if (key.className().equals(className)) {
                methods.add(key.method());
            }
        }
        return methods;
    }

    /** Every method that has a stack. */
    public Set<MethodKey> methods() {
        return Set.copyOf(stacks.keySet());
    }
}
