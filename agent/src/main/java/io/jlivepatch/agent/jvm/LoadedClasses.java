package io.jlivepatch.agent.jvm;

import io.jlivepatch.core.funcstack.LoadedCopies;
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
 * milliseconds with tens of thousands of classes, so the registry takes one {@link Snapshot} per
 * operation and hands it to every adapter that needs copies. Nothing is cached beyond that: a cache
 * of {@code Class} objects would keep loaders alive.
 *
 * <p>Thread-safety: stateless apart from the instrumentation; thread-safe.
 */
final class LoadedClasses {

    private final Instrumentation inst;

    LoadedClasses(Instrumentation inst) {
        this.inst = inst;
    }

    /**
     * One look at the loaded classes: the copies of those of {@code names} that are loaded.
     * Immutable; held by one operation only.
     */
    record Snapshot(Map<String, List<Class<?>>> copies) implements LoadedCopies {
        @Override
        public Set<String> names() {
            return copies.keySet();
        }

        /** The copies of {@code name} in this look. */
        List<Class<?>> of(String name) {
            return copies.getOrDefault(name, List.of());
        }

        /** The snapshot a port was handed: the registry only ever passes back what {@link #look} took. */
        static Snapshot of(LoadedCopies loaded) {
            if (loaded instanceof Snapshot snapshot) {
                return snapshot;
            }
            throw new IllegalArgumentException("not a look at this JVM's loaded classes: " + loaded);
        }
    }

    /** One look at the loaded classes for {@code names}. */
    Snapshot look(Set<String> names) {
        Map<String, List<Class<?>>> found = new HashMap<>();
        if (!names.isEmpty()) {
            for (Class<?> c : inst.getAllLoadedClasses()) {
                // Hidden classes and arrays have names no patch can name; skip them cheaply.
                if (names.contains(c.getName()) && !c.isHidden()) {
                    found.computeIfAbsent(c.getName(), k -> new ArrayList<>()).add(c);
                }
            }
        }
        found.replaceAll((name, list) -> List.copyOf(list));
        return new Snapshot(Map.copyOf(found));
    }

    /** The loaded copies of {@code name}. */
    List<Class<?>> copies(String name) {
        return look(Set.of(name)).of(name);
    }
}
