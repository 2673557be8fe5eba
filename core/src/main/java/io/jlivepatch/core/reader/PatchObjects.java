package io.jlivepatch.core.reader;

import io.jlivepatch.core.model.InvalidPatchException;
import io.jlivepatch.core.model.MethodRef;
import io.jlivepatch.core.model.PatchFunc;
import io.jlivepatch.core.model.PatchObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gathers the funcs of a patch's classes into objects, one per target class, in the order the
 * classes are added: several replacement classes may target the same class, and their funcs merge
 * into one object.
 *
 * <p>Not thread-safe: one instance serves one read of one jar.
 */
final class PatchObjects {

    /** Target class -> (target method -> the @Replace method that replaces it), in order of first sight. */
    private final Map<String, Map<MethodRef, Found>> byTarget = new LinkedHashMap<>();
    /** Target class -> the first replacement class naming it, to blame for a bad target name. */
    private final Map<String, String> firstNamedBy = new LinkedHashMap<>();

    private record Found(ReplaceMethod method, PatchFunc func) {}

    /**
     * Adds the {@code @Replace} methods of one class.
     *
     * @throws JarProblem naming the class and method if a method cannot be a replacement, its class
     *     has no {@code @TargetClass}, or another method already replaces the same target method
     */
    void add(ClassAnnotations patchClass) throws JarProblem {
        String target = patchClass.targetClass();
        for (ReplaceMethod method : patchClass.replaceMethods()) {
            if (target == null) {
                throw new JarProblem("has a @Replace method " + method + ", but its class "
                        + patchClass.binaryName() + " has no @TargetClass");
            }
            PatchFunc func = method.func(target);
            firstNamedBy.putIfAbsent(target, patchClass.binaryName());
            Found earlier = byTarget.computeIfAbsent(target, t -> new LinkedHashMap<>())
                    .putIfAbsent(func.method(), new Found(method, func));
            if (earlier != null) {
                throw new JarProblem("has two replacements for " + target + "." + func.method() + ": "
                        + earlier.method() + " and " + method);
            }
        }
    }

    /**
     * The objects, in order of their target's first appearance. A {@code @TargetClass} without
     * {@code @Replace} methods makes no object: it would patch nothing.
     *
     * @throws JarProblem naming the replacement class if a target class name is invalid
     */
    List<PatchObject> objects() throws JarProblem {
        List<PatchObject> objects = new ArrayList<>();
        for (Map.Entry<String, Map<MethodRef, Found>> entry : byTarget.entrySet()) {
            List<PatchFunc> funcs = entry.getValue().values().stream().map(Found::func).toList();
            try {
                objects.add(new PatchObject(entry.getKey(), funcs));
            } catch (InvalidPatchException e) {
                throw new JarProblem("has an invalid @TargetClass on " + firstNamedBy.get(entry.getKey()) + ": "
                        + e.getMessage(), e);
            }
        }
        return objects;
    }
}
