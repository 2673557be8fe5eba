package io.jlivepatch.samples.targets;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The consistency stress harness, run in a forked JVM: worker threads call {@link Chain#f()} in a
 * loop while the main thread flips a two-method fix on and off; a call whose f and g tags differ
 * ran old and new code of one fix in one stack. Workers catch every exception and report it to the
 * {@link CallTally}; after each flip the harness waits until a call answers the version it settled
 * on, so that every enabled phase proves the fix's code ran.
 *
 * <p>Arguments: {@code mode cycles threads fixFile}. Mode {@code jlivepatch} enables and disables the
 * patch jar {@code fixFile} through the agent; mode {@code redefine} swaps the class bytes of
 * {@code Chain} between the original and the fixed class file {@code fixFile} with
 * {@code Instrumentation.redefineClasses} (HotSwap, what peers do), which mixes. In that mode each
 * enable is the positive control: a thread {@linkplain ChainHold held} inside the old f at the moment
 * of the redefinition, then released, must answer {@code v0/v1}, every time.
 *
 * <p>Prints {@code test: mode=M cycles=C threads=T} followed by {@link CallTally#summary} and
 * {@code held=H heldMixed=X}.
 */
public final class ChainStress {

    private ChainStress() {}

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        int cycles = Integer.parseInt(args[1]);
        int threads = Integer.parseInt(args[2]);
        Path fix = Path.of(args[3]);
        boolean redefine = mode.equals("redefine");
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
        Flipper flipper = redefine ? new Redefiner(Files.readAllBytes(fix)) : new AgentFlipper(fix);
        int held = 0;
        int heldMixed = 0;
        // Flip until done or until a settled phase stays silent (no call answered its version).
        CallTally.Phase phase = tally.settle("v0");
        for (int flip = 0; phase.awaitAnswered() && flip < 2 * cycles; flip++) {
            tally.unsettle();
            boolean on = flip % 2 == 0;
            if (on && redefine) {
                // The positive control, made certain: a thread inside the old f while it is redefined.
                String answer = ChainHold.callHeldAround(flipper::on);
                held++;
                heldMixed += answer.equals("v0/v1") ? 1 : 0;
            } else if (on) {
                flipper.on();
            } else {
                flipper.off();
            }
            phase = tally.settle(on ? "v1" : "v0");
        }
        stop.set(true);
        for (Thread worker : workers) {
            worker.join(10_000);
        }
        System.out.println("test: mode=" + mode + " cycles=" + cycles + " threads=" + threads + " "
                + tally.summary("v0", "v1") + " held=" + held + " heldMixed=" + heldMixed);
    }

    /** Turns the fix on and off; each returns once every thread runs the new state. */
    interface Flipper {
        void on() throws Exception;

        void off() throws Exception;
    }

    /** HotSwap: redefine {@code Chain} with the fixed bytes, then with the original bytes. */
    static final class Redefiner implements Flipper {
        private final byte[] fixed;
        private final byte[] original;

        Redefiner(byte[] fixed) throws Exception {
            this.fixed = fixed;
            try (var in = Chain.class.getResourceAsStream("Chain.class")) {
                this.original = in.readAllBytes();
            }
        }

        @Override
        public void on() throws Exception {
            InstrumentationHolder.redefine(Chain.class, fixed);
        }

        @Override
        public void off() throws Exception {
            InstrumentationHolder.redefine(Chain.class, original);
        }
    }
}
