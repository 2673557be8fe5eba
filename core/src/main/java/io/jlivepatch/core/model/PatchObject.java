package io.jlivepatch.core.model;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The funcs of one patch for one target class (the kernel's {@code klp_object}), and the class of
 * its callbacks. The object names a class; every loaded copy of it, in every class loader, is
 * patched, and copies that load later are patched as they load. An object may have callbacks and
 * no funcs (the kernel's selftests use such objects).
 *
 * <p>Immutable and thread-safe.
 *
 * @param className binary name of the target class, with dots
 * @param funcs the patched methods, at most one per method
 * @param dynamic whether the engine created this object for atomic replace (it then holds only nops)
 * @param callbacks binary name of the patch class that implements the object's callbacks, or
 *     {@code null}; dynamic objects have none
 */
public record PatchObject(String className, List<PatchFunc> funcs, boolean dynamic, String callbacks) {

    public PatchObject {
        Names.requireClassName(className);
        if (callbacks != null) {
            Names.requireClassName(callbacks);
            if (dynamic) {
                throw new InvalidPatchException("dynamic object " + className + " cannot have callbacks");
            }
        }
        funcs = List.copyOf(funcs);
        Set<MethodRef> seen = new HashSet<>();
        for (PatchFunc func : funcs) {
            if (!seen.add(func.method())) {
                throw new InvalidPatchException("duplicate func " + className + "." + func.method());
            }
        }
    }

    /** An object without callbacks. */
    public PatchObject(String className, List<PatchFunc> funcs, boolean dynamic) {
        this(className, funcs, dynamic, null);
    }

    /** A static (author-written) object without callbacks. */
    public PatchObject(String className, List<PatchFunc> funcs) {
        this(className, funcs, false, null);
    }

    /** Whether the object has callbacks. */
    public boolean hasCallbacks() {
        return callbacks != null;
    }

    /** This object with other funcs (and the same callbacks). */
    public PatchObject withFuncs(List<PatchFunc> otherFuncs) {
        return new PatchObject(className, otherFuncs, dynamic, callbacks);
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
