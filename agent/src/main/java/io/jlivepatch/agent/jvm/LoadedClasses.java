package io.jlivepatch.agent.jvm;

import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the loaded copies of classes by name, in every class loader.
 *
 * <p>{@link Instrumentation#getAllLoadedClasses()} is the only complete source and costs a few
 * milliseconds with tens of thousands of classes, so callers ask for all the names of one operation
 * at once. Nothing is cached: a cache of {@code Class} objects would keep loaders alive.
 *
 * <p>Thread-safety: stateless apart from the instrumentation; thread-safe.
 */
final class LoadedClasses {

    private final Instrumentation inst;

    LoadedClasses(Instrumentation inst) {
        this.inst = inst;
    }

    /** The loaded copies of each of {@code names} (names with no copy are absent). */
    Map<String, List<Class<?>>> copies(Set<String> names) {
        Map<String, List<Class<?>>> found = new HashMap<>();
        if (names.isEmpty()) {
            return found;
        }
        for (Class<?> c : inst.getAllLoadedClasses()) {
            // Hidden classes and arrays have names no patch can name; skip them cheaply.
            if (names.contains(c.getName()) && !c.isHidden()) {
                found.computeIfAbsent(c.getName(), k -> new ArrayList<>()).add(c);
            }
        }
        return found;
    }

    /** The loaded copies of {@code name}. */
    List<Class<?>> copies(String name) {
        return copies(Set.of(name)).getOrDefault(name, List.of());
    }
}
