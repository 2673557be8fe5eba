package io.jlivepatch.core.weave;

import io.jlivepatch.core.model.MethodRef;
import io.jlivepatch.core.model.Patch;
import io.jlivepatch.core.model.PatchFunc;
import io.jlivepatch.core.model.PatchObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fingerprints a set of patches expects, by target class, and the check of one class copy
 * against them: the verification kpatch does against the running kernel, here against the bytes a
 * class was originally loaded from.
 *
 * <p>Immutable and thread-safe.
 */
public final class Fingerprinted {

    /** One fingerprinted func: the patch, the method and the fingerprint it was built against. */
    private record Expected(String patch, MethodRef method, String fingerprint) {}

    /** No fingerprinted func. */
    public static final Fingerprinted NONE = new Fingerprinted(Map.of());

    private final Map<String, List<Expected>> byClass;

    private Fingerprinted(Map<String, List<Expected>> byClass) {
        this.byClass = byClass;
    }

    /** The fingerprinted funcs of {@code patches}. */
    public static Fingerprinted of(List<Patch> patches) {
        Map<String, List<Expected>> byClass = new HashMap<>();
        for (Patch patch : patches) {
            for (PatchObject object : patch.objects()) {
                for (PatchFunc func : object.funcs()) {
                    if (func.isFingerprinted()) {
                        byClass.computeIfAbsent(object.className(), c -> new ArrayList<>())
                                .add(new Expected(patch.name(), func.method(), func.fingerprint()));
                    }
                }
            }
        }
        byClass.replaceAll((c, list) -> List.copyOf(list));
        return byClass.isEmpty() ? NONE : new Fingerprinted(Map.copyOf(byClass));
    }

    /** The classes with at least one fingerprinted func. */
    public Set<String> classes() {
        return new LinkedHashSet<>(byClass.keySet());
    }

    /** Whether any func of {@code className} is fingerprinted. */
    public boolean covers(String className) {
        return byClass.containsKey(className);
    }

    /**
     * The first func (in patch, then class-file-independent method order) whose fingerprint
     * {@code originalBytes} does not match, as a message; {@code null} when all match.
     */
    public String misfit(String className, byte[] originalBytes) {
        List<Expected> expected = byClass.get(className);
        if (expected == null) {
            return null;
        }
        Set<MethodRef> methods = new LinkedHashSet<>();
        expected.forEach(e -> methods.add(e.method()));
        Map<MethodRef, String> actual;
        try {
            actual = Fingerprints.of(originalBytes, methods);
        } catch (IllegalArgumentException unreadable) {
            return "patch '" + expected.get(0).patch() + "' cannot check " + className + ": " + unreadable.getMessage();
        }
        for (Expected e : expected) {
            String found = actual.get(e.method());
            if (found == null) {
                return "patch '" + e.patch() + "' was built against a different " + className + "." + e.method()
                        + " (the loaded class does not declare it)";
            }
            if (!found.equals(e.fingerprint())) {
                return "patch '" + e.patch() + "' was built against a different " + className + "." + e.method();
            }
        }
        return null;
    }
}
