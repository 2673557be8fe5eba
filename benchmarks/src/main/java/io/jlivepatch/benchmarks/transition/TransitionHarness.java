package io.jlivepatch.benchmarks.transition;

import io.jlivepatch.benchmarks.support.Agent;
import io.jlivepatch.benchmarks.support.Jitter;
import io.jlivepatch.benchmarks.support.Patches;
import io.jlivepatch.benchmarks.support.SafepointLog;
import io.jlivepatch.agent.jvm.JvmThreadStacks;
import io.jlivepatch.core.model.Patch;
import io.jlivepatch.core.registry.Livepatch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * Issue 3's transition costs, measured in one JVM started with the agent (use
 * {@code java -jar jlivepatch-benchmarks.jar transitions}, which also turns on the safepoint log):
 *
 * <ul>
 *   <li>completion time, from calling {@code enable} (or {@code disable}) until
 *       {@code isInTransition()} is false, with 10/100/1000 threads parked outside patched code
 *       (each {@code --depth} frames deep, as application threads are), with {@code --virtual}
 *       virtual threads parked the same way (JDK 21+: none by default), and with 2/8 threads
 *       calling the patched {@code TxTarget.f} (which calls {@code g}) in a loop;</li>
 *   <li>the longest pause during each transition: the longest safepoint that ended inside the
 *       window (from the JVM's own log), and the longest stall of a spinning "jitter" thread,
 *       next to the same thread's longest stall in a quiet window just before (OS noise);</li>
 *   <li>for busy threads: calls that started after {@code enable} returned yet ran the old
 *       version ("late", goal 0: a busy thread switches at its next call), and calls that mixed
 *       versions (must be 0).</li>
 * </ul>
 * Options: {@code --parked 10,100,1000 --virtual 1000,10000,100000 --busy 2,8 --reps 15 --warmup 3
 * --depth 30 --samplers both|walk|getStackTrace} (the virtual threads' samplers, see
 * {@link #measureSamplers}), and the control
 * {@code --busy-unpatched}: busy threads run code of {@code f}'s shape that no patch touches.
 *
 * <p>The harness drives the cycles; {@link ParkedThreads} and {@link BusyCallers} supply the
 * threads of each scenario, {@link TransitionTables} formats what was measured.
 *
 * <p>Thread-safety: a program; its worker threads share only volatile fields and adders.
 */
public final class TransitionHarness {

    private static final long QUIET_WINDOW_MILLIS = 20;

    private final Livepatch livepatch = Agent.livepatch();
    private final Patch patch = Patches.of("bench_transition", false, TxFix.class);
    private final Jitter jitter = new Jitter();
    private final TransitionTables tables = new TransitionTables();

    private TransitionHarness() {}

    public static void main(String[] args) throws Exception {
        List<Integer> parked = List.of(10, 100, 1000);
        List<Integer> busy = List.of(2, 8);
        List<Integer> virtual = List.of();
        int reps = 15;
        int warmup = 3;
        int depth = 30;
        boolean busyUnpatched = false;
        String samplers = "both";
        for (int i = 0; i < args.length; i += 2) {
            if (args[i].equals("--busy-unpatched")) {
                busyUnpatched = true;
                i--;
                continue;
            }
            String value = args[i + 1];
            switch (args[i]) {
                case "--parked" -> parked = ints(value);
                case "--busy" -> busy = ints(value);
                case "--virtual" -> virtual = ints(value);
                case "--reps" -> reps = Integer.parseInt(value);
                case "--warmup" -> warmup = Integer.parseInt(value);
                case "--depth" -> depth = Integer.parseInt(value);
                case "--samplers" -> samplers = value;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (!List.of("both", "walk", "getStackTrace").contains(samplers)) {
            throw new IllegalArgumentException("--samplers is both, walk or getStackTrace, not " + samplers);
        }
        new TransitionHarness().run(parked, virtual, busy, reps, warmup, depth, busyUnpatched, samplers);
    }

    private static List<Integer> ints(String csv) {
        List<Integer> list = new ArrayList<>();
        for (String s : csv.split(",")) {
            if (!s.isBlank()) {
                list.add(Integer.parseInt(s.trim()));
            }
        }
        return list;
    }

    private void run(List<Integer> parked, List<Integer> virtual, List<Integer> busy, int reps, int warmup, int depth,
            boolean busyUnpatched, String samplers) throws Exception {
        System.out.println("# " + System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version")
                + ", " + Runtime.getRuntime().availableProcessors() + " cpus, load " + loadAverage()
                + ", safepoint log " + (SafepointLog.available() ? "on" : "OFF (run through Bench)"));
        TxTarget.f(); // load and link the target, as a running application would have

        // The very first transition of the JVM: engine code still interpreted, classes loading.
        measure("cold first cycle", 0, 1, 0, null);

        for (int n : parked) {
            CountDownLatch stop = new CountDownLatch(1);
            List<Thread> threads = ParkedThreads.startPlatform(n, depth, stop);
            measure("parked", n, reps, warmup, null);
            stop.countDown();
            for (Thread t : threads) {
                t.join();
            }
        }
        for (int n : virtual) {
            CountDownLatch stop = new CountDownLatch(1);
            List<Thread> threads = ParkedThreads.startVirtual(n, depth, stop);
            measureSamplers(n, reps, warmup, samplers);
            stop.countDown();
            for (Thread t : threads) {
                t.join();
            }
        }
        for (int n : busy) {
            BusyCallers shared = new BusyCallers(busyUnpatched);
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Thread t = new Thread(shared::run, "busy-" + i);
                t.setDaemon(true);
                t.start();
                threads.add(t);
            }
            Thread.sleep(200); // let them get hot
            measure(busyUnpatched ? "busy (unpatched code)" : "busy", n, reps, warmup, shared);
            shared.stop = true;
            for (Thread t : threads) {
                t.join();
            }
            System.out.printf(Locale.ROOT, "# busy %d: %d calls of f during the scenario%n", n, shared.calls.sum());
        }
        String nested = nested();
        jitter.close();
        System.out.println();
        System.out.println(tables.table());
        System.out.println(tables.perThread());
        tables.printSafepointSummary();
        System.out.println();
        System.out.println(nested);
    }

    /**
     * The cost of calls from a thread that cannot switch: it was inside {@code drive} (a method of
     * the patch) when the disable transition started, and keeps calling {@code g} (another one)
     * from there. Compares its rate of {@code g} calls with the patch steady against the rate
     * while that transition is blocked by the thread itself.
     */
    private String nested() throws InterruptedException {
        livepatch.enable(patch);
        Agent.awaitIdle(30_000);
        TxTarget.Driver driver = new TxTarget.Driver();
        Thread thread = new Thread(() -> TxTarget.drive(driver), "nested-driver");
        thread.setDaemon(true);
        thread.start();
        Thread.sleep(500); // warm up
        double steady = nanosPerCall(driver, 500);
        livepatch.disable(patch.name());
        Thread.sleep(100);
        boolean blocked = livepatch.isInTransition();
        double during = nanosPerCall(driver, 500);
        boolean stillBlocked = livepatch.isInTransition();
        driver.stop = true;
        thread.join();
        Agent.awaitIdle(30_000);
        return String.format(Locale.ROOT, "| nested unswitched caller (g called from inside drive) | ns per call |%n"
                + "|---|---|%n| patch steady | %.1f |%n| its own disable transition blocked (%s) | %.1f |%n"
                + "| ratio | %.1f |%n", steady, blocked && stillBlocked ? "blocked throughout" : "NOT blocked throughout",
                during, during / steady);
    }

    private static double nanosPerCall(TxTarget.Driver driver, long millis) throws InterruptedException {
        long c0 = driver.calls;
        long t0 = System.nanoTime();
        Thread.sleep(millis);
        long c1 = driver.calls;
        long t1 = System.nanoTime();
        return (double) (t1 - t0) / Math.max(1, c1 - c0);
    }

    /**
     * CPU time of the whole process (all threads: the driver, the JIT, the GC), or 0 where the JVM
     * does not report it; the spinning jitter thread's is subtracted by the caller. Unlike the
     * completion time it hardly depends on what else the machine runs.
     */
    private static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }

    /**
     * The JIT's code cache in use and the loaded classes: what each {@code RedefineClasses} safepoint
     * walks (every nmethod's metadata twice, every class once; docs/performance.md §4, run Y), so
     * that its length can be read against them.
     */
    private static String codeAndClasses() {
        long code = 0;
        for (java.lang.management.MemoryPoolMXBean pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getName().startsWith("CodeHeap") || pool.getName().equals("Code Cache")) {
                code += pool.getUsage().getUsed();
            }
        }
        return String.format(Locale.ROOT, "code cache %.1f MB, %d classes loaded", code / 1e6,
                java.lang.management.ManagementFactory.getClassLoadingMXBean().getLoadedClassCount());
    }

    /**
     * Bytes allocated on the heap by all threads so far ({@code getTotalThreadAllocatedBytes},
     * JDK 21+, looked up by reflection so that the harness compiles for 17), or -1.
     */
    private static long allocatedBytes() {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        try {
            return (long) Class.forName("com.sun.management.ThreadMXBean").getMethod("getTotalThreadAllocatedBytes")
                    .invoke(threads);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return -1;
        }
    }

    /** Runs warm-up then measured enable/disable cycles and appends their rows. */
    private void measure(String scenario, int threads, int reps, int warmup, BusyCallers busy) throws Exception {
        System.out.println("# before " + scenario + " " + threads + ": " + codeAndClasses());
        for (int i = 0; i < warmup; i++) {
            cycle(true, busy);
            cycle(false, busy);
        }
        List<TransitionSample> enables = new ArrayList<>();
        List<TransitionSample> disables = new ArrayList<>();
        for (int i = 0; i < reps; i++) {
            enables.add(cycle(true, busy));
            disables.add(cycle(false, busy));
        }
        tables.row(scenario, threads, "enable", enables);
        tables.row(scenario, threads, "disable", disables);
    }

    /**
     * Parked virtual threads with both samplers, alternated rep by rep so that both see the same
     * machine load: {@code getStackTrace()} for every thread ({@value JvmThreadStacks#FULL_VIRTUAL_SAMPLES}
     * set), and the class-name walk of parked threads (the default on JDK 25). {@code samplers}
     * {@code walk} or {@code getStackTrace} runs one of them only: {@code getStackTrace()}'s samples
     * (about 40 {@code StackTraceElement}s per thread) live for its whole pass, so young
     * collections copy and promote them, and the first collections of the next walk transition
     * still copy what they left in the survivor spaces: pauses the walk does not cause
     * (docs/performance.md §4, run Y).
     */
    private void measureSamplers(int threads, int reps, int warmup, String samplers) throws Exception {
        System.out.println("# before parked virtual " + threads + ": " + codeAndClasses());
        List<List<TransitionSample>> full = List.of(new ArrayList<>(), new ArrayList<>());
        List<List<TransitionSample>> walk = List.of(new ArrayList<>(), new ArrayList<>());
        List<List<List<TransitionSample>>> order = switch (samplers) {
            case "walk" -> List.of(walk);
            case "getStackTrace" -> List.of(full);
            default -> List.of(full, walk);
        };
        for (int i = 0; i < warmup + reps; i++) {
            for (List<List<TransitionSample>> into : order) {
                System.setProperty(JvmThreadStacks.FULL_VIRTUAL_SAMPLES, String.valueOf(into == full));
                TransitionSample on = cycle(true, null);
                TransitionSample off = cycle(false, null);
                if (i >= warmup) {
                    into.get(0).add(on);
                    into.get(1).add(off);
                }
            }
        }
        System.clearProperty(JvmThreadStacks.FULL_VIRTUAL_SAMPLES);
        if (!samplers.equals("walk")) {
            tables.row("parked virtual, getStackTrace", threads, "enable", full.get(0));
            tables.row("parked virtual, getStackTrace", threads, "disable", full.get(1));
        }
        if (!samplers.equals("getStackTrace")) {
            tables.row("parked virtual", threads, "enable", walk.get(0));
            tables.row("parked virtual", threads, "disable", walk.get(1));
        }
    }

    private TransitionSample cycle(boolean enable, BusyCallers busy) throws InterruptedException {
        jitter.reset();
        Thread.sleep(QUIET_WINDOW_MILLIS);
        long quiet = jitter.max();
        if (busy != null) {
            busy.returnedAt = Long.MAX_VALUE;
            busy.expected = enable ? BusyCallers.NEW : BusyCallers.OLD;
        }
        long lateBefore = busy == null ? 0 : busy.late.sum();
        long mixedBefore = busy == null ? 0 : busy.mixed.sum();
        jitter.reset();
        long cpuStart = processCpuNanos() - jitter.cpuNanos();
        long allocatedStart = allocatedBytes();
        long start = System.nanoTime();
        if (enable) {
            livepatch.enable(patch);
        } else {
            livepatch.disable(patch.name());
        }
        long returned = System.nanoTime();
        if (busy != null) {
            busy.returnedAt = returned;
        }
        long done = Agent.awaitIdle(30_000);
        long cpu = processCpuNanos() - jitter.cpuNanos() - cpuStart;
        long allocatedEnd = allocatedBytes();
        long allocated = allocatedStart < 0 || allocatedEnd < 0 ? -1 : allocatedEnd - allocatedStart;
        long stall = jitter.max();
        if (busy != null) {
            Thread.sleep(5); // calls that started before done may still be returning
        }
        long late = busy == null ? 0 : busy.late.sum() - lateBefore;
        long mixed = busy == null ? 0 : busy.mixed.sum() - mixedBefore;
        Thread.sleep(10);
        return new TransitionSample(start, returned, done, quiet, stall, late, mixed, cpu, allocated);
    }


    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
