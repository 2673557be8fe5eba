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
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Thread-per-request under flips, run in a forked JVM with the agent: acceptor threads start a new
 * platform thread for every call of {@link Chain#f()} (which calls {@code g()}), as a
 * thread-per-request server does, while the main thread flips patches back to back. So threads are
 * born at every point of every transition: before its snapshot, between the snapshot and its
 * completion, and while completion publishes the steady routes method by method; each makes exactly
 * one call, so its first visit to a transition method is that call. No call may mix versions, and
 * none may throw (a redirect that picks the original body throws into the application). The
 * {@link CallTally} checks after each flip that a newborn thread ran the version settled on.
 *
 * <p>Arguments: {@code mode flips acceptors inFlight pooled}. Mode {@code enable-disable}: a fix changing f
 * and g ({@code ChainFix}, tags {@code v1}) enabled and disabled in turn. Mode {@code replace}:
 * replace patches A, B and C ({@code ChainFixA}, {@code ChainFixB}, {@code ChainFixC}, which
 * changes f only), each step a fresh patch replacing the previous one, the first enabled before the
 * requests start (so none may see the original). {@code inFlight} bounds the requests running at
 * once; {@code pooled} long-lived threads call f in a loop besides (they keep f and g compiled).
 *
 * <p>Prints {@code test: mode=M flips=F threadsBorn=N} followed by {@link CallTally#summary}.
 */
public final class ChurnStress {

    private static final String FIX = "io.jlivepatch.samples.patches.ChainFix";
    private static final String FIX_A = "io.jlivepatch.samples.patches.ChainFixA";
    private static final String FIX_B = "io.jlivepatch.samples.patches.ChainFixB";
    private static final String FIX_C = "io.jlivepatch.samples.patches.ChainFixC";

    private ChurnStress() {}

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        int flips = Integer.parseInt(args[1]);
        int acceptors = Integer.parseInt(args[2]);
        int inFlight = Integer.parseInt(args[3]);
        int pooled = Integer.parseInt(args[4]);
        Livepatch livepatch = Boot.livepatch();
        Chain.f(); // loaded before the first patch, like a class in service

        CallTally tally = new CallTally();
        AtomicLong born = new AtomicLong();
        Semaphore permits = new Semaphore(inFlight);
        AtomicBoolean stop = new AtomicBoolean();
        Runnable request = () -> {
            try {
                tally.callF();
            } finally {
                permits.release();
            }
        };
        Flips sequence = mode.equals("replace") ? new ReplaceFlips(livepatch) : new EnableDisableFlips(livepatch);
        String version = "v0";
        if (mode.equals("replace")) {
            // Replace patches replace patches: the original is never seen again after the first.
            version = sequence.next();
            AgentFlipper.awaitIdle(livepatch);
        }
        List<Thread> acceptorThreads = new ArrayList<>();
        for (int i = 0; i < pooled; i++) {
            // Long-lived callers keep f and g hot, so compiled code depends on their call sites and
            // each route change deoptimizes it: publication takes real time, as in a busy server.
            Thread worker = new Thread(() -> {
                while (!stop.get()) {
                    tally.callF();
                }
            }, "pooled-" + i);
            worker.setDaemon(true);
            worker.start();
            acceptorThreads.add(worker);
        }
        for (int i = 0; i < acceptors; i++) {
            Thread acceptor = new Thread(() -> {
                while (!stop.get()) {
                    try {
                        permits.acquire();
                    } catch (InterruptedException e) {
                        return;
                    }
                    try {
                        Thread thread = new Thread(request, "request-" + born.incrementAndGet());
                        thread.setDaemon(true);
                        thread.start();
                    } catch (Throwable t) {
                        permits.release();
                        tally.failed(t);
                    }
                }
            }, "acceptor-" + i);
            acceptor.setDaemon(true);
            acceptor.start();
            acceptorThreads.add(acceptor);
        }

        int done = 0;
        // Flip until done or until a settled phase stays silent (no newborn answered its version).
        CallTally.Phase phase = tally.settle(version);
        while (phase.awaitAnswered() && done < flips) {
            tally.unsettle();
            version = sequence.next();
            AgentFlipper.awaitIdle(livepatch);
            done++;
            phase = tally.settle(version);
        }
        stop.set(true);
        for (Thread acceptor : acceptorThreads) {
            acceptor.join(10_000);
        }
        if (!permits.tryAcquire(inFlight, 20, TimeUnit.SECONDS)) {
            throw new IllegalStateException("requests still running: " + (inFlight - permits.availablePermits()));
        }
        System.out.println("test: mode=" + mode + " flips=" + done + " threadsBorn=" + born.get() + " "
                + tally.summary("v0", "v1", "A", "B", "C"));
    }

    /** One flip at a time; each starts a transition and returns the version it moves to. */
    private interface Flips {
        String next() throws Exception;
    }

    /** {@code ChainFix} on, off, on, ... (one patch, enabled and disabled in turn). */
    private static final class EnableDisableFlips implements Flips {
        private final Livepatch livepatch;
        private final Patch fix;
        private boolean on;

        EnableDisableFlips(Livepatch livepatch) throws Exception {
            this.livepatch = livepatch;
            this.fix = patch("churn-fix", false, FIX);
        }

        @Override
        public String next() throws Exception {
            on = !on;
            if (on) {
                livepatch.enable(fix);
            } else {
                livepatch.disable(fix.name());
            }
            return on ? "v1" : "v0";
        }
    }

    /**
     * Replace patches A, B, C, A, B, C, ..., each a fresh patch with a new name: A to B changes f
     * and g, B to C changes f and reverts g to the original (a nop), C to A changes f and g from
     * the original.
     */
    private static final class ReplaceFlips implements Flips {
        private static final String[] VERSIONS = {"A", "B", "C"};
        private static final String[] FIXES = {FIX_A, FIX_B, FIX_C};
        private final Livepatch livepatch;
        private int step;

        ReplaceFlips(Livepatch livepatch) {
            this.livepatch = livepatch;
        }

        @Override
        public String next() throws Exception {
            int i = step % VERSIONS.length;
            livepatch.enable(patch("churn-" + step++, true, FIXES[i]));
            return VERSIONS[i];
        }
    }

    /** A patch named {@code name} holding one replacement class, built in memory as a patch jar. */
    private static Patch patch(String name, boolean replace, String className) throws Exception {
        byte[] bytes;
        try (InputStream in = ChurnStress.class.getResourceAsStream("/" + className.replace('.', '/') + ".class")) {
            bytes = in.readAllBytes();
        }
        byte[] jar = PatchJarWriter.toBytes(name, replace, List.<SystemState>of(), Map.of(className, bytes));
        return PatchJarReader.read(name + ".jar", jar);
    }
}
