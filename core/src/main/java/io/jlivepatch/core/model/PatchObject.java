package io.jlivepatch.core.model;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The funcs of one patch for one target class (the kernel's {@code klp_object}). The object names
 * a class; every loaded copy of it, in every class loader, is patched, and copies that load later
 * are patched as they load.
 *
 * <p>Immutable and thread-safe.
 *
 * @param className binary name of the target class, with dots
 * @param funcs the patched methods, at most one per method
 * @param dynamic whether the engine created this object for atomic replace (it then holds only nops)
 */
public record PatchObject(String className, List<PatchFunc> funcs, boolean dynamic) {

    public PatchObject {
        Names.requireClassName(className);
        funcs = List.copyOf(funcs);
        Set<MethodRef> seen = new HashSet<>();
        for (PatchFunc func : funcs) {
            if (!seen.add(func.method())) {
                throw new InvalidPatchException("duplicate func " + className + "." + func.method());
            }
        }
    }

    /** A static (author-written) object. */
    public PatchObject(String className, List<PatchFunc> funcs) {
        this(className, funcs, false);
    }

    /** The func for {@code method}, or {@code null}. */
    public PatchFunc func(MethodRef method) {
        for (PatchFunc func : funcs) {
            if (func.method().equals(method)) {
                return func;
            }
        }
        return null;
    }
}
