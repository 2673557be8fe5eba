package io.jlivepatch.core.model;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * A live patch (the kernel's {@code klp_patch}): a name, the replace flag, system states, the
 * objects it patches and the class files of its replacement code.
 *
 * <p>Immutable and thread-safe (class bytes are copied in and out).
 *
 * @param name unique among active patches
 * @param replace whether this is a cumulative patch that atomically replaces all active patches
 * @param states the system states it declares, at most one per id
 * @param objects the target classes, at most one object per class
 * @param classes the class files of the patch, by binary name
 * @param sha256 the SHA-256 of the patch jar, hex, or {@code ""} for patches built in memory
 */
public record Patch(String name, boolean replace, List<SystemState> states, List<PatchObject> objects,
                    Map<String, byte[]> classes, String sha256) {

    public Patch {
        Names.requirePatchName(name);
        states = List.copyOf(states);
        objects = List.copyOf(objects);
        Map<String, byte[]> copy = new TreeMap<>();
        classes.forEach((k, v) -> copy.put(k, v.clone()));
        classes = java.util.Collections.unmodifiableMap(copy);
        sha256 = Objects.requireNonNullElse(sha256, "");
        Set<Long> ids = new HashSet<>();
        for (SystemState state : states) {
            if (!ids.add(state.id())) {
                throw new InvalidPatchException("patch '" + name + "' declares state " + state.id() + " twice");
            }
        }
        Set<String> targets = new HashSet<>();
        for (PatchObject object : objects) {
            if (!targets.add(object.className())) {
                throw new InvalidPatchException("patch '" + name + "' has two objects for class " + object.className());
            }
            if (object.hasCallbacks() && !classes.containsKey(object.callbacks())) {
                throw new InvalidPatchException("patch '" + name + "': the callbacks of " + object.className()
                        + " name class " + object.callbacks() + ", which the patch does not contain");
            }
            for (PatchFunc func : object.funcs()) {
                if (!func.isNop() && !classes.containsKey(func.replacement().className())) {
                    throw new InvalidPatchException("patch '" + name + "': " + object.className() + "." + func.method()
                            + " names replacement class " + func.replacement().className()
                            + ", which the patch does not contain");
                }
            }
        }
    }

    /** The class file of {@code binaryName}, copied, or {@code null}. */
    public byte[] classBytes(String binaryName) {
        byte[] bytes = classes.get(binaryName);
        return bytes == null ? null : bytes.clone();
    }

    /** The object for {@code className}, or {@code null}. */
    public PatchObject object(String className) {
        for (PatchObject object : objects) {
            if (object.className().equals(className)) {
                return object;
            }
        }
        return null;
    }

    /** The state with {@code id}, or {@code null} (the kernel's {@code klp_get_state}). */
    public SystemState state(long id) {
        for (SystemState state : states) {
            if (state.id() == id) {
                return state;
            }
        }
        return null;
    }

    /** A copy of this patch with {@code extra} objects appended (atomic replace's dynamic objects). */
    public Patch withObjects(List<PatchObject> all) {
        return new Patch(name, replace, states, all, classes, sha256);
    }

    @Override
    public String toString() {
        return "patch '" + name + "'";
    }
}
