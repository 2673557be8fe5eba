package io.jlivepatch.samples.targets;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The workers of {@link TransitionCommands}' {@code busy}, {@code pool}, {@code doomed} and
 * {@code churn}: threads parked in patched code, a pool busy in it, threads that die, and short-lived
 * ones, each tallying what it saw.
 *
 * <p>Thread-safety: the commands are synchronized; the tallies are atomic.
 */
final class TransitionWorkers {

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

    private TransitionWorkers() {}

    static synchronized String startBusy(int n) throws InterruptedException {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String name = "busy-worker-" + BUSY_IDS.incrementAndGet();
            names.add(name);
            busy.add(Daemons.start(name, () -> {
                String result;
                try {
                    result = Busy.work();
                } catch (Throwable t) {
                    result = "threw " + t; // reported, never a silent death
                }
                synchronized (busyResults) {
                    busyResults.add(Thread.currentThread().getName() + " work = " + result);
                }
            }));
        }
        if (!Busy.awaitParked(n, Daemons.WAIT_MILLIS)) {
            return "busy workers did not reach the gate";
        }
        return "busymod_work_func enter (" + String.join(", ", names) + ")";
    }

    static synchronized String releaseBusy() throws InterruptedException {
        Busy.open();
        Daemons.join(busy);
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
                    tally.call();
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
        if (!pool.awaitTermination(Daemons.WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
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
            doomed.add(Daemons.start("doomed-" + (i + 1), () -> {
                synchronized (doomedGate) {
                    long deadline = System.nanoTime() + Daemons.WAIT_MILLIS * 1_000_000;
                    while (!doomedReleased && System.nanoTime() < deadline) {
                        try {
                            doomedGate.wait(100);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }
                tally.call();
            }));
        }
        return n + " doomed threads waiting";
    }

    static synchronized String endDoomed() throws InterruptedException {
        synchronized (doomedGate) {
            doomedReleased = true;
            doomedGate.notifyAll();
        }
        Daemons.join(doomed);
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
            threads.add(Daemons.start("churn-" + (i + 1), () -> {
                for (int k = 0; k < 10; k++) {
                    tally.call();
                }
            }));
        }
        Daemons.join(threads);
        for (Thread t : threads) {
            churned.add(new WeakReference<>(t));
        }
        return "churn of " + n + " threads: " + Tally.summary(tallies);
    }

    /**
     * One thread's results: calls, whether it went back to the original after the patched code, and
     * exceptions, which a summary shows as {@code threw=N} when there are any (so an exact expected
     * summary fails on them).
     */
    private static final class Tally {
        private final AtomicLong threw = new AtomicLong();
        private final AtomicLong calls = new AtomicLong();
        private final AtomicLong original = new AtomicLong();
        private final AtomicLong patched = new AtomicLong();
        private final AtomicLong regressions = new AtomicLong();
        private volatile String last;

        /** Calls {@link Busy#version} and records its answer, or the exception it threw. */
        void call() {
            try {
                record(Busy.version());
            } catch (Throwable t) {
                if (threw.incrementAndGet() == 1) {
                    t.printStackTrace(System.out);
                }
            }
        }

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
            long deadline = System.nanoTime() + Daemons.WAIT_MILLIS * 1_000_000;
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
            long threw = 0;
            for (Tally t : tallies) {
                threw += t.threw.get();
                sawOriginal += t.original.get() > 0 ? 1 : 0;
                sawPatched += t.patched.get() > 0 ? 1 : 0;
                lastPatched += "patched".equals(t.last) ? 1 : 0;
                regressed += t.regressions.get() > 0 ? 1 : 0;
            }
            return "threads=" + tallies.size() + " sawOriginal=" + sawOriginal + " sawPatched=" + sawPatched
                    + " lastPatched=" + lastPatched + " wentBack=" + regressed + (threw > 0 ? " threw=" + threw : "");
        }
    }
}
