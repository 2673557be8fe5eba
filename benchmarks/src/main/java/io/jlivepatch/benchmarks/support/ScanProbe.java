package io.jlivepatch.benchmarks.support;

import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A second, read-only agent in the benchmarks jar ({@code Premain-Class}), used only to time what
 * the engine's {@code LoadedClasses.copies} does for every name it looks up: one
 * {@link Instrumentation#getAllLoadedClasses()} and a pass over its result. The engine does this
 * once per object in several places of one operation, so its cost times the object count is part
 * of every enable; the replace harness prints it next to its results.
 *
 * <p>It never transforms anything. {@code Bench} adds it to harness JVMs only.
 *
 * <p>Thread-safety: the instrumentation is published once by {@link #premain} (volatile).
 */
public final class ScanProbe {

    private static volatile Instrumentation inst;

    private ScanProbe() {}

    /** Agent entry point: keeps the instrumentation. */
    public static void premain(String args, Instrumentation instrumentation) {
        inst = instrumentation;
    }

    /** Whether this JVM was started with the probe. */
    public static boolean available() {
        return inst != null;
    }

    /** The number of loaded classes now. */
    public static int loadedClasses() {
        return inst.getAllLoadedClasses().length;
    }

    /**
     * The median time of one lookup the way the engine does it (all loaded classes, filtered by
     * name), in nanoseconds, over {@code rounds} rounds.
     */
    public static double medianScanNanos(int rounds) {
        Set<String> names = Set.of("no.such.Clazz");
        List<Long> times = new ArrayList<>();
        int found = 0;
        for (int i = 0; i < rounds; i++) {
            long start = System.nanoTime();
            for (Class<?> c : inst.getAllLoadedClasses()) {
                if (names.contains(c.getName()) && !c.isHidden()) {
                    found++;
                }
            }
            times.add(System.nanoTime() - start);
        }
        if (found != 0) {
            throw new AssertionError();
        }
        return Stats.median(times);
    }
}
