package io.jlivepatch.samples.targets;

import io.jlivepatch.agent.boot.Boot;
import io.jlivepatch.core.model.Patch;
import io.jlivepatch.core.model.SystemState;
import io.jlivepatch.core.reader.PatchJarReader;
import io.jlivepatch.core.reader.PatchJarWriter;
import io.jlivepatch.core.registry.Livepatch;
import io.jlivepatch.core.registry.LivepatchException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Atomic replace under stress, run in a forked JVM with the agent: worker threads call
 * {@link Chain#f()} (which calls {@code g()}) in a loop while the main thread moves from version A
 * to version B to A to ..., each step a fresh patch with a new name. Versions A and B both change f
 * and g; the original answers {@code v0/v0}.
 *
 * <p>Arguments: {@code mode cycles threads}. Mode {@code replace}: each step is a cumulative
 * (replace) patch enabled on top of the previous one; no call may see the original, and none may mix
 * A and B. Mode {@code disable-enable}: each step disables the previous patch, then enables the
 * next (no replace): calls in between run the original, which the replace mode exists to avoid.
 * Mode {@code replace-force}: the replace steps, each forced at once (no stack checks): threads
 * inside A's f finish with B's g, which shows that the harness sees a mix of A and B.
 * Prints
 * {@code test: calls=N a=A b=B original=O mixed=M stalledCycles=S badListings=L forced=F}, where
 * {@code badListings} counts steps after which the replace mode listed anything but the new patch,
 * and {@code forced} the steps the {@code replace-force} mode forced (the others completed first).
 */
public final class ReplaceStress {

    private static final String FIX_A = "io.jlivepatch.samples.patches.ChainFixA";
    private static final String FIX_B = "io.jlivepatch.samples.patches.ChainFixB";

    private ReplaceStress() {}

    public static void main(String[] args) throws Exception {
        boolean replace = args[0].startsWith("replace");
        boolean force = args[0].equals("replace-force");
        int cycles = Integer.parseInt(args[1]);
        int threads = Integer.parseInt(args[2]);
        Livepatch livepatch = Boot.livepatch();
        byte[] a = classFile(FIX_A);
        byte[] b = classFile(FIX_B);
        Chain.f(); // loaded before the first patch, like a class in service

        Patch first = patch("stress-0", replace, FIX_A, a);
        livepatch.enable(first);
        awaitIdle(livepatch);

        AtomicLong calls = new AtomicLong();
        AtomicLong countA = new AtomicLong();
        AtomicLong countB = new AtomicLong();
        AtomicLong original = new AtomicLong();
        AtomicLong mixed = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread worker = new Thread(() -> {
                while (!stop.get()) {
                    String result = Chain.f();
                    int slash = result.indexOf('/');
                    String f = result.substring(0, slash);
                    String g = result.substring(slash + 1);
                    if (!f.equals(g)) {
                        mixed.incrementAndGet();
                    } else if (f.equals("A")) {
                        countA.incrementAndGet();
                    } else if (f.equals("B")) {
                        countB.incrementAndGet();
                    } else {
                        original.incrementAndGet();
                    }
                    calls.incrementAndGet();
                }
            }, "worker-" + i);
            worker.setDaemon(true);
            worker.start();
            workers.add(worker);
        }

        String previous = first.name();
        int stalled = 0;
        int badListings = 0;
        int forced = 0;
        for (int cycle = 1; cycle <= cycles; cycle++) {
            boolean toB = cycle % 2 == 1;
            Patch next = patch("stress-" + cycle, replace, toB ? FIX_B : FIX_A, toB ? b : a);
            long before = calls.get();
            if (!replace) {
                livepatch.disable(previous);
                awaitIdle(livepatch);
            }
            livepatch.enable(next);
            if (force) {
                try {
                    livepatch.force(next.name());
                    forced++;
                } catch (LivepatchException completedMeanwhile) {
                    // it completed before we could force it
                }
            }
            awaitIdle(livepatch);
            if (replace && (livepatch.patches().size() != 1 || !livepatch.patches().get(0).name().equals(next.name()))) {
                badListings++;
            }
            previous = next.name();
            // Every cycle must let calls through: a transition must never stop the world.
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (calls.get() == before && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            if (calls.get() == before) {
                stalled++;
            }
        }
        stop.set(true);
        for (Thread worker : workers) {
            worker.join(10_000);
        }
        System.out.println("test: calls=" + calls.get() + " a=" + countA.get() + " b=" + countB.get()
                + " original=" + original.get() + " mixed=" + mixed.get() + " stalledCycles=" + stalled
                + " badListings=" + badListings + " forced=" + forced);
    }

    /** A patch named {@code name} holding one replacement class, built in memory as a patch jar. */
    private static Patch patch(String name, boolean replace, String className, byte[] bytes) throws Exception {
        byte[] jar = PatchJarWriter.toBytes(name, replace, List.<SystemState>of(), Map.of(className, bytes));
        return PatchJarReader.read(name + ".jar", jar);
    }

    private static byte[] classFile(String className) throws Exception {
        try (InputStream in = ReplaceStress.class.getResourceAsStream("/" + className.replace('.', '/') + ".class")) {
            return in.readAllBytes();
        }
    }

    private static void awaitIdle(Livepatch livepatch) throws InterruptedException {
        for (int i = 0; i < 100_000 && livepatch.isInTransition(); i++) {
            Thread.sleep(0, 100_000);
        }
        if (livepatch.isInTransition()) {
            throw new IllegalStateException("transition did not complete: " + livepatch.transition());
        }
    }
}
