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

/**
 * Atomic replace under stress, run in a forked JVM with the agent: worker threads call
 * {@link Chain#f()} (which calls {@code g()}) in a loop while the main thread moves from version A
 * to version B to A to ..., each step a fresh patch with a new name. Versions A and B both change f
 * and g; the original answers {@code v0/v0}. Workers catch every exception and report it to the
 * {@link CallTally}; after each step the harness waits until a call answers the version it settled
 * on, so every step proves its patch's code ran.
 *
 * <p>Arguments: {@code mode cycles threads}. Mode {@code replace}: each step is a cumulative
 * (replace) patch enabled on top of the previous one; no call may see the original, and none may mix
 * A and B. Mode {@code disable-enable}: each step disables the previous patch, then enables the
 * next (no replace); in between, the harness waits until a call has run the original, which the
 * replace mode exists to avoid. Mode {@code replace-force}: the replace steps, each forced at once
 * (no stack checks) while a thread is {@linkplain ChainHold held} inside the old f: released, it
 * finishes with the new g, which proves, every time, that the harness sees a mix of A and B.
 *
 * <p>Prints {@code test: mode=M cycles=C threads=T}, then {@link CallTally#summary} and
 * {@code badListings=L forced=F heldMixed=X}, where {@code badListings} counts steps after which the
 * replace modes listed anything but the new patch, {@code forced} the forced steps, and
 * {@code heldMixed} the held calls that answered the old f with the new g.
 */
public final class ReplaceStress {

    private static final String FIX_A = "io.jlivepatch.samples.patches.ChainFixA";
    private static final String FIX_B = "io.jlivepatch.samples.patches.ChainFixB";

    private ReplaceStress() {}

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        boolean replace = mode.startsWith("replace");
        boolean force = mode.equals("replace-force");
        int cycles = Integer.parseInt(args[1]);
        int threads = Integer.parseInt(args[2]);
        Livepatch livepatch = Boot.livepatch();
        byte[] a = classFile(FIX_A);
        byte[] b = classFile(FIX_B);
        Chain.f(); // loaded before the first patch, like a class in service

        Patch first = patch("stress-0", replace, FIX_A, a);
        livepatch.enable(first);
        AgentFlipper.awaitIdle(livepatch);

        CallTally tally = new CallTally();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread worker = new Thread(() -> {
                while (!stop.get()) {
                    tally.callF();
                }
            }, "worker-" + i);
            worker.setDaemon(true);
            worker.start();
            workers.add(worker);
        }

        String previous = first.name();
        String version = "A";
        int badListings = 0;
        int forced = 0;
        int heldMixed = 0;
        // Step until done or until a settled phase stays silent (no call answered its version).
        CallTally.Phase phase = tally.settle(version);
        for (int cycle = 1; phase.awaitAnswered() && cycle <= cycles; cycle++) {
            String nextVersion = cycle % 2 == 1 ? "B" : "A";
            Patch next = patch("stress-" + cycle, replace, nextVersion.equals("B") ? FIX_B : FIX_A,
                    nextVersion.equals("B") ? b : a);
            tally.unsettle();
            if (!replace) {
                livepatch.disable(previous);
                AgentFlipper.awaitIdle(livepatch);
                // The window the replace mode closes: wait until a call has run the original in it.
                phase = tally.settle("v0");
                if (!phase.awaitAnswered()) {
                    break;
                }
                tally.unsettle();
            }
            if (force) {
                // Forced while a thread is inside the old f (which blocks the transition, so force
                // always has something to force): released, it must finish with the new g.
                String answer = ChainHold.callHeldAround(() -> {
                    livepatch.enable(next);
                    livepatch.force(next.name());
                });
                forced++;
                heldMixed += answer.equals(version + "/" + nextVersion) ? 1 : 0;
            } else {
                livepatch.enable(next);
            }
            AgentFlipper.awaitIdle(livepatch);
            if (replace && (livepatch.patches().size() != 1 || !livepatch.patches().get(0).name().equals(next.name()))) {
                badListings++;
            }
            previous = next.name();
            version = nextVersion;
            phase = tally.settle(version);
        }
        stop.set(true);
        for (Thread worker : workers) {
            worker.join(10_000);
        }
        System.out.println("test: mode=" + mode + " cycles=" + cycles + " threads=" + threads + " "
                + tally.summary("v0", "A", "B") + " badListings=" + badListings + " forced=" + forced
                + " heldMixed=" + heldMixed);
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
}
