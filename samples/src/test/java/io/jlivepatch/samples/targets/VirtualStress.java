package io.jlivepatch.samples.targets;

import io.jlivepatch.agent.boot.Boot;
import io.jlivepatch.core.model.Patch;
import io.jlivepatch.core.model.SystemState;
import io.jlivepatch.core.reader.PatchJarReader;
import io.jlivepatch.core.reader.PatchJarWriter;
import io.jlivepatch.core.registry.Livepatch;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
