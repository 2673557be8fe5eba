package io.jlivepatch.samples.targets;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The consistency stress harness, run in a forked JVM: worker threads call {@link Chain#f()} in a
 * loop while the main thread flips a two-method fix on and off; a call whose f and g tags differ
 * ran old and new code of one fix in one stack.
 *
 * <p>Arguments: {@code mode cycles threads fixFile}. Mode {@code jlivepatch} enables and disables the
 * patch jar {@code fixFile} through the agent; mode {@code redefine} swaps the class bytes of
 * {@code Chain} between the original and the fixed class file {@code fixFile} with
 * {@code Instrumentation.redefineClasses} (HotSwap, what peers do), which is expected to mix. Prints
 * {@code test: calls=N mixed=M stalledCycles=S}.
 */
public final class ChainStress {

    private ChainStress() {}

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        int cycles = Integer.parseInt(args[1]);
        int threads = Integer.parseInt(args[2]);
        Path fix = Path.of(args[3]);
        AtomicLong calls = new AtomicLong();
        AtomicLong mixed = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread worker = new Thread(() -> {
                while (!stop.get()) {
                    String result = Chain.f();
                    int slash = result.indexOf('/');
                    if (!result.substring(0, slash).equals(result.substring(slash + 1))) {
                        mixed.incrementAndGet();
                    }
                    calls.incrementAndGet();
                }
            }, "worker-" + i);
            worker.setDaemon(true);
            worker.start();
            workers.add(worker);
        }
        Flipper flipper = mode.equals("redefine") ? new Redefiner(Files.readAllBytes(fix)) : new AgentFlipper(fix);
        int stalled = 0;
        for (int cycle = 0; cycle < cycles; cycle++) {
            long before = calls.get();
            flipper.on();
            Thread.sleep(1);
            flipper.off();
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
        System.out.println("test: calls=" + calls.get() + " mixed=" + mixed.get() + " stalledCycles=" + stalled);
    }

    /** Turns the fix on and off. */
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
