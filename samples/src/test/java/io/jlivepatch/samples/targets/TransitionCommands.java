package io.jlivepatch.samples.targets;

import io.jlivepatch.agent.boot.Boot;
import io.jlivepatch.core.reader.PatchJarReader;
import io.jlivepatch.core.registry.Livepatch;
import io.jlivepatch.core.registry.PatchStatus;
import java.io.InputStream;
import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The console's commands of the consistency-model and atomic-replace tests (issues 3 and 4). A
 * command set of {@link TargetMain}, reached through {@link AgentCommands}. Every wait has a timeout;
 * every thread started here is a daemon, named after its role, so that a test can see it in a thread
 * listing.
 *
 * <ul>
 *   <li>{@code load_lp <jar>}, {@code disable_lp <name>}: enable or disable, then wait until the
 *       transition is over (the selftests' {@code load_lp} and {@code disable_lp}), so that the
 *       answer follows the transition's messages.</li>
 *   <li>{@code status <name>}: the patch's sysfs-like attributes.</li>
 *   <li>{@code tcall <f1|f2|f3|version|getpid|probe>}: calls a target method of these tests.</li>
 *   <li>{@code await_remaining <n>}: waits until the transition has {@code n} threads left, then
 *       answers like {@code transition}.</li>
 *   <li>{@code busy start [n]}, {@code busy release}: threads parked inside {@link Busy#work}.</li>
 *   <li>{@code hammer start <n>|wait|stop}: threads calling {@link Syscall#getpid} in a loop.</li>
 *   <li>{@code pool start <n>|stop}: an {@link ExecutorService} whose threads call
 *       {@link Busy#version} in a loop.</li>
 *   <li>{@code doomed start <n>|end}: threads that idle, then call {@link Busy#version} once and
 *       die.</li>
 *   <li>{@code churn <n>}: {@code n} short-lived threads, each calling {@link Busy#version};
 *       {@code churn gc}: how many of them are still reachable after full collections (a
 *       transition that kept its per-thread table would keep them).</li>
 *   <li>{@code threads <text>}: live threads whose name contains the text.</li>
 *   <li>{@code sleep <ms>}.</li>
 *   <li>{@code probe keep|gc}: weak references to the classes {@link Probe#who} answers with.</li>
 *   <li>{@code bytes <class>}: whether the class bytes the JVM holds are the original class file
 *       (needs {@link RecordingAgent}).</li>
 * </ul>
 */
final class TransitionCommands {

    private static final long WAIT_MILLIS = 20_000;

    private TransitionCommands() {}

    static String run(String command, String arg) throws Exception {
        Livepatch livepatch = Boot.livepatch();
        String[] words = arg.isEmpty() ? new String[0] : arg.split(" ");
        switch (command) {
            case "load_lp":
                livepatch.enable(PatchJarReader.read(Path.of(arg)));
                return awaitIdle(livepatch);
            case "disable_lp":
                livepatch.disable(arg);
                return awaitIdle(livepatch);
            case "status":
                return status(livepatch, arg);
            case "tcall":
                return arg + " = " + tcall(arg);
            case "await_remaining":
                return awaitRemaining(livepatch, Integer.parseInt(arg));
            case "busy":
                return words[0].equals("start") ? Workers.startBusy(words.length > 1 ? Integer.parseInt(words[1]) : 1)
                        : Workers.releaseBusy();
            case "hammer":
                return Hammer.run(words[0], words.length > 1 ? Integer.parseInt(words[1]) : 0);
            case "pool":
                return words[0].equals("start") ? Workers.startPool(Integer.parseInt(words[1])) : Workers.stopPool();
            case "doomed":
                return words[0].equals("start") ? Workers.startDoomed(Integer.parseInt(words[1])) : Workers.endDoomed();
            case "churn":
                return arg.equals("gc") ? Workers.churnedReachable() : Workers.churn(Integer.parseInt(arg));
            case "threads":
                return threads(arg);
            case "sleep":
                Thread.sleep(Long.parseLong(arg));
                return "slept " + arg;
            case "probe":
                return words[0].equals("keep") ? Probes.keep() : Probes.gc();
            case "bytes":
                return bytes(Class.forName(arg));
            default:
                throw new IllegalArgumentException("unknown command " + command);
        }
    }

    private static String awaitIdle(Livepatch livepatch) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT_MILLIS * 1_000_000;
        while (livepatch.isInTransition() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        return livepatch.isInTransition() ? "still in transition: " + livepatch.transition() : "ok";
    }

    private static String awaitRemaining(Livepatch livepatch, int n) throws Exception {
        long deadline = System.nanoTime() + WAIT_MILLIS * 1_000_000;
        while (System.nanoTime() < deadline) {
            var t = livepatch.transition();
            if (t == null || (t.remaining() == n && t.blockers().size() == n)) {
                break;
            }
            Thread.sleep(5);
        }
        return AgentCommands.run("transition", "");
    }

    private static String status(Livepatch livepatch, String name) {
        for (PatchStatus p : livepatch.patches()) {
            if (p.name().equals(name)) {
                return "enabled=" + bit(p.enabled()) + " replace=" + bit(p.replace()) + " stack_order=" + p.stackOrder()
                        + " transition=" + bit(p.transition()) + " forced=" + bit(p.forced());
            }
        }
        return "no patch " + name;
    }

    private static int bit(boolean b) {
        return b ? 1 : 0;
    }

    private static Object tcall(String name) {
        switch (name) {
            case "f1":
                return SeedOne.f1();
            case "f2":
                return SeedTwo.f2();
            case "f3":
                return SeedTwo.f3();
            case "version":
                return Busy.version();
            case "getpid":
                return Syscall.getpid().replaceAll("[0-9]+$", "<pid>");
            default:
                throw new IllegalArgumentException("no call " + name);
        }
    }

    private static String threads(String text) {
        TreeSet<String> names = new TreeSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().contains(text)) {
                names.add(t.getName());
            }
        }
        return names.isEmpty() ? "none" : String.join(", ", names);
    }

    private static String bytes(Class<?> c) throws Exception {
        byte[] held = RecordingAgent.capture(c);
        byte[] original;
        try (InputStream in = c.getResourceAsStream("/" + c.getName().replace('.', '/') + ".class")) {
            original = in.readAllBytes();
        }
        return c.getSimpleName() + (Arrays.equals(held, original) ? " bytes are the original class file"
                : " bytes differ from the original class file");
    }

    /** Starts a named daemon thread. */
    private static Thread daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void join(List<Thread> threads) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT_MILLIS * 1_000_000;
        for (Thread t : threads) {
            t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            if (t.isAlive()) {
                throw new IllegalStateException(t.getName() + " did not end");
            }
        }
    }

    /** Threads parked in patched code, a pool busy in it, threads that die, and short-lived ones. */
    private static final class Workers {
        private static final AtomicInteger BUSY_IDS = new AtomicInteger();
        private static final List<Thread> busy = new ArrayList<>();
        private static final List<String> busyResults = new ArrayList<>();
        private static ExecutorService pool;
        private static final AtomicBoolean poolStop = new AtomicBoolean();
        private static final List<Tally> poolTallies = new ArrayList<>();
        private static final List<Thread> doomed = new ArrayList<>();
        private static final List<Tally> doomedTallies = new ArrayList<>();
        private static final Object doomedGate = new Object();
        private static boolean doomedReleased;

        static synchronized String startBusy(int n) throws InterruptedException {
            List<String> names = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String name = "busy-worker-" + BUSY_IDS.incrementAndGet();
                names.add(name);
                busy.add(daemon(name, () -> {
                    String result = Busy.work();
                    synchronized (busyResults) {
                        busyResults.add(Thread.currentThread().getName() + " work = " + result);
                    }
                }));
            }
            if (!Busy.awaitParked(n, WAIT_MILLIS)) {
                return "busy workers did not reach the gate";
            }
            return "busymod_work_func enter (" + String.join(", ", names) + ")";
        }

        static synchronized String releaseBusy() throws InterruptedException {
            Busy.open();
            join(busy);
            busy.clear();
            List<String> results;
            synchronized (busyResults) {
                results = new ArrayList<>(busyResults);
                busyResults.clear();
            }
            results.sort(null);
            return "busymod_work_func exit (" + String.join(", ", results) + ")";
        }

        static synchronized String startPool(int n) throws InterruptedException {
            AtomicInteger ids = new AtomicInteger();
            ThreadPoolExecutor executor = new ThreadPoolExecutor(n, n, 0, TimeUnit.MILLISECONDS,
                    new LinkedBlockingQueue<>(), task -> {
                        Thread t = new Thread(task, "pool-worker-" + ids.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    });
            executor.prestartAllCoreThreads();
            pool = executor;
            poolStop.set(false);
            poolTallies.clear();
            for (int i = 0; i < n; i++) {
                Tally tally = new Tally();
                poolTallies.add(tally);
                executor.submit(() -> {
                    while (!poolStop.get()) {
                        tally.record(Busy.version());
                    }
                });
            }
            // Every task has called at least once before the answer.
            for (Tally tally : poolTallies) {
                tally.awaitCalls(1);
            }
            return "pool of " + n + " threads calling version";
        }

        static synchronized String stopPool() throws InterruptedException {
            poolStop.set(true);
            pool.shutdown();
            if (!pool.awaitTermination(WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                return "pool did not stop";
            }
            return "pool stopped: " + Tally.summary(poolTallies);
        }

        static synchronized String startDoomed(int n) {
            doomedReleased = false;
            doomedTallies.clear();
            for (int i = 0; i < n; i++) {
                Tally tally = new Tally();
                doomedTallies.add(tally);
                doomed.add(daemon("doomed-" + (i + 1), () -> {
                    synchronized (doomedGate) {
                        long deadline = System.nanoTime() + WAIT_MILLIS * 1_000_000;
                        while (!doomedReleased && System.nanoTime() < deadline) {
                            try {
                                doomedGate.wait(100);
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                    }
                    tally.record(Busy.version());
                }));
            }
            return n + " doomed threads waiting";
        }

        static synchronized String endDoomed() throws InterruptedException {
            synchronized (doomedGate) {
                doomedReleased = true;
                doomedGate.notifyAll();
            }
            join(doomed);
            doomed.clear();
            return "doomed threads ended: " + Tally.summary(doomedTallies);
        }

        private static final List<WeakReference<Thread>> churned = new ArrayList<>();

        static synchronized String churnedReachable() throws InterruptedException {
            for (int i = 0; i < 10 && churned.stream().anyMatch(r -> r.get() != null); i++) {
                System.gc();
                Thread.sleep(50);
            }
            long reachable = churned.stream().filter(r -> r.get() != null).count();
            return reachable + " of " + churned.size() + " churned threads still reachable";
        }

        static synchronized String churn(int n) throws InterruptedException {
            List<Thread> threads = new ArrayList<>();
            List<Tally> tallies = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Tally tally = new Tally();
                tallies.add(tally);
                threads.add(daemon("churn-" + (i + 1), () -> {
                    for (int k = 0; k < 10; k++) {
                        tally.record(Busy.version());
                    }
                }));
            }
            join(threads);
            for (Thread t : threads) {
                churned.add(new WeakReference<>(t));
            }
            return "churn of " + n + " threads: " + Tally.summary(tallies);
        }
    }

    /** One thread's results: calls, and whether it went back to the original after the patched code. */
    private static final class Tally {
        private final AtomicLong calls = new AtomicLong();
        private final AtomicLong original = new AtomicLong();
        private final AtomicLong patched = new AtomicLong();
        private final AtomicLong regressions = new AtomicLong();
        private volatile String last;

        void record(String version) {
            if (version.equals("patched")) {
                patched.incrementAndGet();
            } else {
                original.incrementAndGet();
                if (patched.get() > 0) {
                    regressions.incrementAndGet();
                }
            }
            last = version;
            calls.incrementAndGet();
        }

        void awaitCalls(long n) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT_MILLIS * 1_000_000;
            while (calls.get() < n && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
        }

        /** Counts of threads (not calls): which saw original code, which patched, and which regressed. */
        static String summary(List<Tally> tallies) {
            int sawOriginal = 0;
            int sawPatched = 0;
            int lastPatched = 0;
            int regressed = 0;
            for (Tally t : tallies) {
                sawOriginal += t.original.get() > 0 ? 1 : 0;
                sawPatched += t.patched.get() > 0 ? 1 : 0;
                lastPatched += "patched".equals(t.last) ? 1 : 0;
                regressed += t.regressions.get() > 0 ? 1 : 0;
            }
            return "threads=" + tallies.size() + " sawOriginal=" + sawOriginal + " sawPatched=" + sawPatched
                    + " lastPatched=" + lastPatched + " wentBack=" + regressed;
        }
    }

    /**
     * The "getpid hammered" selftest's user processes: threads calling {@link Syscall#getpid} in a
     * loop; each notes its first call that ran the new code (the kernel's {@code npids} count).
     */
    private static final class Hammer {
        private static final List<Thread> threads = new ArrayList<>();
        private static final AtomicBoolean stop = new AtomicBoolean();
        private static final AtomicInteger notPatched = new AtomicInteger();
        private static final AtomicInteger wentBack = new AtomicInteger();

        static synchronized String run(String what, int n) throws InterruptedException {
            switch (what) {
                case "start":
                    stop.set(false);
                    notPatched.set(n);
                    wentBack.set(0);
                    AtomicInteger started = new AtomicInteger();
                    for (int i = 0; i < n; i++) {
                        threads.add(daemon("getpid-" + (i + 1), () -> {
                            boolean patched = false;
                            boolean counted = false;
                            started.incrementAndGet();
                            while (!stop.get()) {
                                boolean now = Syscall.getpid().startsWith("klp ");
                                if (now && !patched) {
                                    patched = true;
                                    notPatched.decrementAndGet();
                                } else if (!now && patched && !counted) {
                                    counted = true;
                                    wentBack.incrementAndGet();
                                }
                            }
                        }));
                    }
                    long deadline = System.nanoTime() + WAIT_MILLIS * 1_000_000;
                    while (started.get() < n && System.nanoTime() < deadline) {
                        Thread.sleep(1);
                    }
                    return "hammering getpid with " + n + " threads";
                case "wait":
                    long until = System.nanoTime() + WAIT_MILLIS * 1_000_000;
                    while (notPatched.get() > 0 && System.nanoTime() < until) {
                        Thread.sleep(1);
                    }
                    return "Remaining not livepatched threads: " + notPatched.get();
                case "stop":
                    stop.set(true);
                    join(threads);
                    int n2 = threads.size();
                    threads.clear();
                    return "stopped " + n2 + " threads, " + wentBack.get() + " went back to the original code";
                default:
                    throw new IllegalArgumentException("hammer " + what);
            }
        }
    }

    /** Weak references to replacement classes (hidden classes the agent defined). */
    private static final class Probes {
        private static final List<WeakReference<Class<?>>> kept = new ArrayList<>();
        private static final List<String> names = new ArrayList<>();

        static synchronized String keep() {
            Object who = Probe.who();
            if (!(who instanceof Class<?> c)) {
                return "who = " + who;
            }
            String name = shortName(c);
            kept.add(new WeakReference<>(c));
            names.add(name);
            return "kept " + name + (c.isHidden() ? " (hidden)" : "");
        }

        static synchronized String gc() throws InterruptedException {
            // Up to 10 full collections, stopping once every kept class is gone.
            for (int i = 0; i < 10 && kept.stream().anyMatch(r -> r.get() != null); i++) {
                System.gc();
                Thread.sleep(50);
            }
            List<String> alive = new ArrayList<>();
            List<String> collected = new ArrayList<>();
            for (int i = 0; i < kept.size(); i++) {
                (kept.get(i).get() == null ? collected : alive).add(names.get(i));
            }
            return "collected=" + collected + " alive=" + alive;
        }

        private static String shortName(Class<?> c) {
            String name = c.getName();
            int slash = name.indexOf('/');
            name = slash < 0 ? name : name.substring(0, slash);
            return name.substring(name.lastIndexOf('.') + 1);
        }
    }
}
