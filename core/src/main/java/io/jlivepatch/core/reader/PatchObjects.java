package io.jlivepatch.core.reader;

import io.jlivepatch.core.model.InvalidPatchException;
import io.jlivepatch.core.model.MethodRef;
import io.jlivepatch.core.model.PatchFunc;
import io.jlivepatch.core.model.PatchObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Gathers the funcs and callbacks of a patch's classes into objects, one per target class, in the
 * order the classes are added: several replacement classes may target the same class, and their
 * funcs merge into one object; at most one callbacks class may target it.
 *
 * <p>A callbacks class is a class with {@code @TargetClass} that implements
 * {@code io.jlivepatch.api.ObjectCallbacks} itself or through superclasses in the same jar; which
 * classes qualify is only known once every class was added, so callbacks are resolved in
 * {@link #objects}.
 *
 * <p>Not thread-safe: one instance serves one read of one jar.
 */
final class PatchObjects {

    /** Target class -> (target method -> the @Replace method that replaces it), in order of first sight. */
    private final Map<String, Map<MethodRef, Found>> byTarget = new LinkedHashMap<>();
    /** Target class -> the first replacement class naming it, to blame for a bad target name. */
    private final Map<String, String> firstNamedBy = new LinkedHashMap<>();
    /** Every class added, by binary name, for superclass walks. */
    private final Map<String, ClassAnnotations> classes = new HashMap<>();
    /** Classes with {@code @TargetClass} and no {@code @Replace} method, in order: callbacks classes, perhaps. */
    private final List<ClassAnnotations> candidates = new ArrayList<>();

    private record Found(ReplaceMethod method, PatchFunc func) {}

    /**
     * Adds the {@code @Replace} methods of one class.
     *
     * @throws JarProblem naming the class and method if a method cannot be a replacement, its class
     *     has no {@code @TargetClass}, or another method already replaces the same target method
     */
    void add(ClassAnnotations patchClass) throws JarProblem {
        classes.put(patchClass.binaryName(), patchClass);
        String target = patchClass.targetClass();
        if (target != null && patchClass.replaceMethods().isEmpty()) {
            candidates.add(patchClass);
            // Its position counts if it turns out to be a callbacks class.
            byTarget.computeIfAbsent(target, t -> new LinkedHashMap<>());
            firstNamedBy.putIfAbsent(target, patchClass.binaryName());
        }
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
     * {@code @Replace} methods that is not a callbacks class makes no object: it would do nothing.
     *
     * @throws JarProblem naming the class if a target class name is invalid, a replacement class
     *     implements the callbacks interface, a callbacks class cannot be instantiated, or two
     *     callbacks classes name the same target
     */
    List<PatchObject> objects() throws JarProblem {
        Map<String, String> callbacks = callbacksByTarget();
        List<PatchObject> objects = new ArrayList<>();
        for (Map.Entry<String, Map<MethodRef, Found>> entry : byTarget.entrySet()) {
            String target = entry.getKey();
            List<PatchFunc> funcs = entry.getValue().values().stream().map(Found::func).toList();
            String callbacksClass = callbacks.get(target);
            if (funcs.isEmpty() && callbacksClass == null) {
                continue;
            }
            try {
                objects.add(new PatchObject(target, funcs, false, callbacksClass));
            } catch (InvalidPatchException e) {
                throw new JarProblem("has an invalid @TargetClass on " + firstNamedBy.get(target) + ": "
                        + e.getMessage(), e);
            }
        }
        return objects;
    }

    private Map<String, String> callbacksByTarget() throws JarProblem {
        for (ClassAnnotations patchClass : classes.values()) {
            if (!patchClass.replaceMethods().isEmpty() && implementsCallbacks(patchClass)) {
                // One class cannot be both: replacement classes become hidden nestmates of the
                // target, callbacks classes load in the patch class loader.
                throw new JarProblem("has a class " + patchClass.binaryName() + " with @Replace methods that also "
                        + "implements ObjectCallbacks: put the callbacks in a class of their own");
            }
        }
        Map<String, String> byTargetClass = new HashMap<>();
        for (ClassAnnotations candidate : candidates) {
            if (!implementsCallbacks(candidate)) {
                continue;
            }
            if (candidate.notInstantiable() != null) {
                throw new JarProblem("has a callbacks class " + candidate.binaryName() + " that "
                        + candidate.notInstantiable() + ": the agent creates it with a public constructor "
                        + "without parameters");
            }
            String earlier = byTargetClass.putIfAbsent(candidate.targetClass(), candidate.binaryName());
            if (earlier != null) {
                throw new JarProblem("has two callbacks classes for " + candidate.targetClass() + ": " + earlier
                        + " and " + candidate.binaryName());
            }
        }
        return byTargetClass;
    }

    /** Whether {@code patchClass} or one of its superclasses in this jar implements ObjectCallbacks. */
    private boolean implementsCallbacks(ClassAnnotations patchClass) {
        Set<String> seen = new HashSet<>();
        for (ClassAnnotations c = patchClass; c != null && seen.add(c.binaryName()); c = classes.get(c.superName())) {
            if (c.implementsCallbacks()) {
                return true;
            }
            if (c.superName() == null) {
                return false;
            }
        }
        return false;
    }
}
