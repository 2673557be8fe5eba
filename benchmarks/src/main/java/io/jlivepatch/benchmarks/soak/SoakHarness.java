package io.jlivepatch.benchmarks.soak;

import io.jlivepatch.benchmarks.support.Agent;
import io.jlivepatch.benchmarks.support.Patches;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * The soak (issue 18): {@code --cycles} cycles on one JVM started with the agent and
 * {@code -XX:NativeMemoryTracking=summary} ({@code java -jar jlivepatch-benchmarks.jar soak}). Each
 * cycle is three commands: enable patch A (a func using a shadow variable, a pre-patch callback and
 * a post-unpatch one that frees the variables), enable B (a cumulative patch replacing A, with its
 * own shadow variable and callbacks), disable B; each transition awaited and the patched method
 * called and checked in every state. Each patch is read from a fresh jar, as a real load is, so
 * every enable defines its classes in a new patch class loader.
 *
 * <p>After {@code --warmup} cycles, and every {@code --every} cycles, it forces two full GCs and
 * records the classes and class loaders alive (the JVM's class loader data), metaspace used, heap
 * used after GC, and native memory committed (NMT). It fails (exit 1) if, from the first record to
 * the last, classes grow by more than {@value #MAX_CLASSES}, class loaders by more than
 * {@value #MAX_LOADERS}, metaspace by more than {@value #MAX_METASPACE_KIB} KiB, heap
 * by more than {@value #MAX_HEAP_KIB} KiB, or native memory by more than
 * {@value #MAX_NATIVE_BYTES_PER_COMMAND} bytes per command.
 *
 * <p>Options: {@code --cycles 1000 --warmup 200 --every 100}, and the limits {@code --max-classes 25
 * --max-metaspace-kib 1024 --max-native-bytes-per-command 1024} (negative: not checked). The warmup is
 * long because metaspace settles slowly: with the JIT on it grows by about 700 KiB over the first
 * 100 cycles and some 200 KiB per 100 over the next 300 (profiles and compiled code of the patched
 * and dispatch paths), then stays flat; with {@code -Xint} it does not grow at all.
 *
 * <p>Thread-safety: a single-threaded program.
 */
public final class SoakHarness {

    static final int MAX_CLASSES = 25;
    static final int MAX_LOADERS = 5;
    static final long MAX_METASPACE_KIB = 1024;
    private static long maxMetaspaceKib = MAX_METASPACE_KIB;

    static final long MAX_HEAP_KIB = 4096;
    static final long MAX_NATIVE_BYTES_PER_COMMAND = 1024;
    private static long maxClasses = MAX_CLASSES;
    private static long maxNativeBytesPerCommand = MAX_NATIVE_BYTES_PER_COMMAND;

    /** One record. */
    private record Sample(int cycle, long classes, long loaders, long metaspaceKib, long heapKib, long nativeKib) {
    }

    private SoakHarness() {}

    public static void main(String[] args) throws Exception {
        int cycles = 1000;
        int warmup = 200;
        int every = 100;
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--cycles" -> cycles = Integer.parseInt(args[i + 1]);
                case "--warmup" -> warmup = Integer.parseInt(args[i + 1]);
                case "--every" -> every = Integer.parseInt(args[i + 1]);
                case "--max-metaspace-kib" -> maxMetaspaceKib = Long.parseLong(args[i + 1]);
                case "--max-classes" -> maxClasses = Long.parseLong(args[i + 1]);
                case "--max-native-bytes-per-command" -> maxNativeBytesPerCommand = Long.parseLong(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        System.exit(run(cycles, warmup, every) ? 0 : 1);
    }

    static boolean run(int cycles, int warmup, int every) throws Exception {
        // The agent stays dormant until its first work; the patches' callbacks classes below are on this
        // class path and implement io.jlivepatch.api types, which exist only once the engine has defined
        // the runtime in the boot loader.
        Agent.livepatch();
        SoakTarget target = new SoakTarget("t");
        for (int c = 0; c < warmup; c++) {
            cycle(target);
        }
        long prePatchesBefore = SoakTarget.PRE_PATCHES.get();
        long start = System.nanoTime();
        Sample first = sample(0);
        Sample last = first;
        System.out.println("cycle  classes  loaders  metaspace-KiB  heap-after-GC-KiB  native-non-heap-KiB");
        print(first);
        for (int c = 1; c <= cycles; c++) {
            cycle(target);
            if (c % every == 0 || c == cycles) {
                last = sample(c);
                print(last);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long commands = 3L * cycles;
        long nativeBytesPerCommand = (last.nativeKib() - first.nativeKib()) * 1024 / commands;
        System.out.printf(Locale.ROOT, "%d cycles (%d commands) in %.1f s, %.2f ms per command; growth: classes %+d, loaders %+d,"
                        + " metaspace %+d KiB, heap %+d KiB, native %+d KiB (%d bytes per command)%n", cycles, commands,
                seconds, seconds * 1000 / commands, last.classes() - first.classes(), last.loaders() - first.loaders(),
                last.metaspaceKib() - first.metaspaceKib(), last.heapKib() - first.heapKib(),
                last.nativeKib() - first.nativeKib(), nativeBytesPerCommand);
        boolean ok = true;
        ok &= check(SoakTarget.PRE_PATCHES.get() - prePatchesBefore == cycles, "one pre-patch callback per cycle, ran "
                + (SoakTarget.PRE_PATCHES.get() - prePatchesBefore));
        ok &= check(last.classes() - first.classes() <= maxClasses, "classes grew by more than " + maxClasses);
        ok &= check(last.loaders() - first.loaders() <= MAX_LOADERS, "class loaders grew by more than "
                + MAX_LOADERS);
        ok &= check(last.metaspaceKib() - first.metaspaceKib() <= maxMetaspaceKib, "metaspace grew by more than "
                + maxMetaspaceKib + " KiB");
        ok &= check(last.heapKib() - first.heapKib() <= MAX_HEAP_KIB, "heap after GC grew by more than "
                + MAX_HEAP_KIB + " KiB");
        ok &= check(last.nativeKib() < 0 || maxNativeBytesPerCommand < 0 || nativeBytesPerCommand <= maxNativeBytesPerCommand,
                "native memory grew by more than " + maxNativeBytesPerCommand + " bytes per command");
        System.out.println(ok ? "soak: OK" : "soak: FAILED");
        return ok;
    }

    private static boolean check(boolean condition, String failure) {
        if (!condition) {
            System.out.println("soak: " + failure);
        }
        return condition;
    }

    /** Enable A, enable B (replacing A), disable B; the method checked in each state. */
    private static void cycle(SoakTarget target) {
        Agent.enableAndWait(Patches.of("soak-a", false, SoakFixA.class, SoakFixACallbacks.class));
        expect(target.describe(), "A 1");
        expect(target.describe(), "A 2");
        Agent.enableAndWait(Patches.of("soak-b", true, SoakFixB.class, SoakFixBCallbacks.class));
        expect(target.describe(), "B");
        Agent.disableAndWait("soak-b");
        expect(target.describe(), "original t");
    }

    private static void expect(String actual, String expected) {
        if (!actual.equals(expected)) {
            throw new IllegalStateException("describe() answered '" + actual + "', expected '" + expected + "'");
        }
    }

    private static Sample sample(int cycle) throws Exception {
        System.gc();
        System.gc();
        long metaspace = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getName().equals("Metaspace")) {
                metaspace = pool.getUsage().getUsed();
            }
        }
        // Classes and loaders from the JVM's class loader data (VM.classloader_stats), not the
        // ClassLoadingMXBean: on JDK 17 its loaded-class count is not lowered when a hidden class is
        // unloaded (patch classes are hidden classes), so it grows by two per cycle while nothing leaks.
        String stats = diagnostic("vmClassloaderStats");
        Matcher total = Pattern.compile("Total = (\\d+)\\s+(\\d+)").matcher(stats);
        if (!total.find()) {
            throw new IllegalStateException("no total in VM.classloader_stats:\n" + stats);
        }
        return new Sample(cycle, Long.parseLong(total.group(2)), Long.parseLong(total.group(1)), metaspace / 1024,
                ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1024, nativeCommittedKib());
    }

    private static void print(Sample s) {
        System.out.printf(Locale.ROOT, "%5d  %7d  %7d  %13d  %17d  %20d%n", s.cycle(), s.classes(), s.loaders(),
                s.metaspaceKib(), s.heapKib(), s.nativeKib());
    }

    /**
     * NMT's total committed less the Java heap's (which the heap column covers, and which the GC
     * grows and shrinks on its own), or {@code -1} without {@code -XX:NativeMemoryTracking=summary}.
     */
    private static long nativeCommittedKib() throws Exception {
        String summary = diagnostic("vmNativeMemory", "summary");
        Matcher total = Pattern.compile("Total: reserved=\\d+KB, committed=(\\d+)KB").matcher(summary);
        Matcher heap = Pattern.compile("Java Heap \\(reserved=\\d+KB, committed=(\\d+)KB").matcher(summary);
        if (!total.find() || !heap.find()) {
            return -1;
        }
        return Long.parseLong(total.group(1)) - Long.parseLong(heap.group(1));
    }

    private static String diagnostic(String operation, String... arguments) throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        return (String) server.invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"), operation,
                new Object[] {arguments}, new String[] {String[].class.getName()});
    }
}
