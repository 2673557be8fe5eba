package io.jlivepatch.samples.targets;

import io.jlivepatch.agent.boot.Boot;
import io.jlivepatch.core.model.Patch;
import io.jlivepatch.core.model.SystemState;
import io.jlivepatch.core.reader.PatchJarReader;
import io.jlivepatch.core.reader.PatchJarWriter;
import io.jlivepatch.core.registry.Livepatch;
import io.jlivepatch.core.transition.Blocker;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The consistency stress harness on virtual threads (JDK 21+), run in a forked JVM with the agent:
 * virtual threads call {@link VirtualChain#f()} in a loop; f reads its tag, parks (the virtual thread
 * unmounts), then calls g. Meanwhile the main thread flips a fix changing both.
 *
 * <p>Arguments: {@code mode cycles threads pauseMicros}. Mode {@code flip}: enable version A, wait
 * for the transition, disable it, wait. Mode {@code replace}: a chain of cumulative (replace)
 * patches, A, B, A, ..., each replacing the previous one. Prints
 * {@code test: calls=N patched=P mixed=M exceptions=E stalledCycles=S longestTransitionMillis=T},
 * where {@code patched} counts consistent calls of a patch's version (A or B), {@code mixed} calls
 * whose f and g answered different versions, and {@code exceptions} what the workers threw. Besides
 * the workers, a spawner starts a short-lived virtual thread every 100 µs or so that makes one
 * call and ends: threads born and ended during the transitions.
 *
 * <p>Mode {@code held} ({@code cycles} and {@code pauseMicros} unused): one enable and one disable,
 * each started while every one of {@code threads} virtual threads is parked inside f (see
 * {@link #held}); prints {@code held: threads=N enable <outcome> disable <outcome>}.
 */
public final class VirtualStress {

    private static final String FIX_A = "io.jlivepatch.samples.patches.VirtualChainFixA";
    private static final String FIX_B = "io.jlivepatch.samples.patches.VirtualChainFixB";
    private static final long TRANSITION_LIMIT_NANOS = 30_000_000_000L;

    private VirtualStress() {}

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        int cycles = Integer.parseInt(args[1]);
        int threads = Integer.parseInt(args[2]);
        VirtualChain.pauseNanos = Long.parseLong(args[3]) * 1000;
        boolean replace = mode.equals("replace");
        Livepatch livepatch = Boot.livepatch();
        byte[] a = classFile(FIX_A);
        byte[] b = classFile(FIX_B);
        VirtualChain.g(); // loaded before the first patch, like a class in service
        if (mode.equals("held")) {
            Patch fix = patch("vheld", false, FIX_A, a);
            Held enable = held(livepatch, threads, () -> livepatch.enable(fix));
            Held disable = held(livepatch, threads, () -> livepatch.disable(fix.name()));
            System.out.println("held: threads=" + threads + " enable " + enable + " disable " + disable);
            return;
        }

        AtomicLong calls = new AtomicLong();
        AtomicLong patched = new AtomicLong();
        AtomicLong mixed = new AtomicLong();
        AtomicLong exceptions = new AtomicLong();
        AtomicReference<Throwable> firstException = new AtomicReference<>();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> workers = new ArrayList<>();
        Runnable oneCall = () -> {
            try {
                String result = VirtualChain.f();
                int slash = result.indexOf('/');
                String f = result.substring(0, slash);
                if (!f.equals(result.substring(slash + 1))) {
                    mixed.incrementAndGet();
                } else if (!f.equals("v0")) {
                    patched.incrementAndGet();
                }
                calls.incrementAndGet();
            } catch (Throwable e) {
                exceptions.incrementAndGet();
                firstException.compareAndSet(null, e);
            }
        };
        for (int i = 0; i < threads; i++) {
            workers.add(VirtualThreads.start(i % 2 == 0 ? "vworker-" + i : null, () -> {
                while (!stop.get()) {
                    oneCall.run();
                }
            }));
        }
        // Threads born and ended during the transitions (the creation rule, dead entries dropped):
        // one virtual thread per call, started every 100 µs or so.
        AtomicLong shortLived = new AtomicLong();
        Thread spawner = VirtualThreads.start("spawner", () -> {
            while (!stop.get()) {
                VirtualThreads.start(null, () -> {
                    oneCall.run();
                    shortLived.incrementAndGet();
                });
                java.util.concurrent.locks.LockSupport.parkNanos(100_000);
            }
        });
        workers.add(spawner);
        // Every worker is inside f, or about to be, before the first transition.
        while (calls.get() < threads) {
            Thread.sleep(1);
        }

        int stalled = 0;
        long longest = 0;
        String previous = null;
        Patch fix = patch("vstress", false, FIX_A, a);
        for (int cycle = 0; cycle < cycles; cycle++) {
            long before = calls.get();
            if (replace) {
                boolean toA = cycle % 2 == 0;
                Patch next = patch("vstress-" + cycle, true, toA ? FIX_A : FIX_B, toA ? a : b);
                longest = Math.max(longest, timed(livepatch, () -> livepatch.enable(next)));
                previous = next.name();
            } else {
                longest = Math.max(longest, timed(livepatch, () -> livepatch.enable(fix)));
                longest = Math.max(longest, timed(livepatch, () -> livepatch.disable(fix.name())));
            }
            // Every cycle must let calls through: a transition must never stop the world.
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (calls.get() == before && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            if (calls.get() == before) {
                stalled++;
            }
        }
        // Let the last switched calls finish: a mix shows up when g returns.
        Thread.sleep(Math.max(1, 3 * VirtualChain.pauseNanos / 1_000_000));
        stop.set(true);
        for (Thread worker : workers) {
            worker.join(10_000);
        }
        if (firstException.get() != null) {
            firstException.get().printStackTrace();
        }
        System.out.println("test: calls=" + calls.get() + " patched=" + patched.get() + " mixed=" + mixed.get()
                + " exceptions=" + exceptions.get() + " stalledCycles=" + stalled
                + " longestTransitionMillis=" + longest / 1_000_000 + " shortLivedThreads=" + shortLived.get() + (previous == null ? "" : " last=" + previous));
    }

    private interface Step {
        void run() throws Exception;
    }

    /**
     * One held flip's outcome: {@code blockers} of the step's synchronous first pass, of which
     * {@code named} name a held thread with its frame in f; the held calls' {@code consistent} and
     * {@code mixed} results, and the {@code exceptions} they threw.
     */
    private record Held(int blockers, int named, int consistent, int mixed, int exceptions, String versions) {
        @Override
        public String toString() {
            return "blockers=" + blockers + " named=" + named + " consistent=" + consistent + " mixed=" + mixed
                    + " exceptions=" + exceptions + " versions=" + versions;
        }
    }

    /**
     * The held scenario, certain rather than likely: {@code threads} virtual threads (even ones
     * named {@code vheld-i}, odd ones unnamed) each make one call of f, and all of them are parked
     * inside it (unmounted, on {@link VirtualChain#gate}) before {@code step} starts the transition.
     * A driver that sees them is blocked by every one of them, named with its frame in f, when the
     * step returns (its first pass runs inside it); released, each finishes the version it started
     * and the transition completes. A driver that does not see them completes at once, and every
     * released call then gets g's other version: each one mixes.
     */
    private static Held held(Livepatch livepatch, int threads, Step step) throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        VirtualChain.HELD.set(0);
        VirtualChain.gate = gate;
        Map<String, Integer> results = new java.util.concurrent.ConcurrentHashMap<>();
        AtomicLong exceptions = new AtomicLong();
        List<Thread> held = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            held.add(VirtualThreads.start(i % 2 == 0 ? "vheld-" + i : null, () -> {
                try {
                    results.merge(VirtualChain.f(), 1, Integer::sum);
                } catch (Throwable e) {
                    exceptions.incrementAndGet();
                    e.printStackTrace();
                }
            }));
        }
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (VirtualChain.HELD.get() < threads) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(VirtualChain.HELD.get() + " of " + threads + " threads inside f");
            }
            Thread.sleep(1);
        }
        step.run();
        int blockers = 0;
        int named = 0;
        if (livepatch.isInTransition()) {
            Set<String> labels = new HashSet<>();
            for (Thread thread : held) {
                labels.add(thread.getName().isEmpty() ? "#" + thread.getId() : thread.getName());
            }
            for (Blocker blocker : livepatch.transition().blockers()) {
                blockers++;
                if (labels.contains(blocker.thread()) && blocker.frame().startsWith(VirtualChain.class.getName() + ".f(")) {
                    named++;
                }
            }
        }
        VirtualChain.gate = null;
        gate.countDown();
        for (Thread thread : held) {
            thread.join(30_000);
            if (thread.isAlive()) {
                throw new IllegalStateException(thread + " did not finish its call after the release");
            }
        }
        timed(livepatch, () -> { });
        int consistent = 0;
        int mixed = 0;
        for (Map.Entry<String, Integer> e : results.entrySet()) {
            String[] fg = e.getKey().split("/");
            if (fg[0].equals(fg[1])) {
                consistent += e.getValue();
            } else {
                mixed += e.getValue();
            }
        }
        return new Held(blockers, named, consistent, mixed, (int) exceptions.get(), new java.util.TreeMap<>(results).toString()
                .replace(" ", ""));
    }

    /** Runs {@code step} and waits for its transition; returns the nanoseconds it took. */
    private static long timed(Livepatch livepatch, Step step) throws Exception {
        long start = System.nanoTime();
        step.run();
        while (livepatch.isInTransition()) {
            if (System.nanoTime() - start > TRANSITION_LIMIT_NANOS) {
                throw new IllegalStateException("transition did not complete: " + livepatch.transition());
            }
            Thread.sleep(0, 200_000);
        }
        return System.nanoTime() - start;
    }

    /** A patch named {@code name} holding one replacement class, built in memory as a patch jar. */
    private static Patch patch(String name, boolean replace, String className, byte[] bytes) throws Exception {
        byte[] jar = PatchJarWriter.toBytes(name, replace, List.<SystemState>of(), Map.of(className, bytes));
        return PatchJarReader.read(name + ".jar", jar);
    }

    private static byte[] classFile(String className) throws Exception {
        try (InputStream in = VirtualStress.class.getResourceAsStream("/" + className.replace('.', '/') + ".class")) {
            return in.readAllBytes();
        }
    }
}
