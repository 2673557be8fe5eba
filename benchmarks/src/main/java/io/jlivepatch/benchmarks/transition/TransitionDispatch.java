package io.jlivepatch.benchmarks.transition;

import io.jlivepatch.benchmarks.support.Agent;
import io.jlivepatch.benchmarks.support.Patches;
import io.jlivepatch.core.registry.Livepatch;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue 3's dispatch cost during a transition against steady state: a call of the patched
 * {@link Hot#compute} by a thread that has switched, with the patch's transition complete
 * ({@code mode=steady}) or held open ({@code mode=transition}) by another thread parked inside
 * {@link Hot#hold}, a method of the same patch, since before the transition started.
 *
 * <p>While the transition is open the method's call sites are switching routes: every call asks
 * the transition for the calling thread's state (a map lookup and an atomic visit counter at the
 * guard, a second lookup at the redirect). The benchmark thread switches itself at its first call.
 *
 * <p>Thread-safety: one benchmark thread per fork; the holder thread only parks.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TransitionDispatch {

    /** The patch, enabled, and (in transition mode) the holder keeping its transition open. */
    @State(Scope.Benchmark)
    public static class Open {
        @Param({"steady", "transition"})
        String mode;

        Hot hot;
        int x = 0x1234_5678;
        final int[] inputs = new int[64];
        private final CountDownLatch entered = new CountDownLatch(1);
        private final CountDownLatch release = new CountDownLatch(1);

        @Setup(Level.Trial)
        public void setup() throws InterruptedException {
            for (int i = 0; i < inputs.length; i++) {
                inputs[i] = i * 0x9E3779B1 + 7;
            }
            hot = new Hot();
            boolean open = mode.equals("transition");
            if (open) {
                Thread holder = new Thread(() -> Hot.hold(entered, release), "transition-holder");
                holder.setDaemon(true);
                holder.start();
                entered.await();
            }
            Livepatch livepatch = Agent.livepatch();
            livepatch.enable(Patches.of("bench_transition_dispatch", false, HotFix.class));
            if (open) {
                if (!livepatch.isInTransition()) {
                    throw new IllegalStateException("the holder did not keep the transition open");
                }
            } else {
                Agent.awaitIdle(10_000);
            }
            int expected = x * 0x9E3779B9;
            expected ^= expected >>> 16;
            expected *= 0x85EBCA6B;
            expected ^= expected >>> 13;
            if (hot.compute(x) != expected) {
                throw new IllegalStateException("the benchmark thread does not run the patched version");
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            boolean stillOpen = Agent.livepatch().isInTransition();
            release.countDown();
            Agent.awaitIdle(10_000);
            if (mode.equals("transition") && !stillOpen) {
                throw new IllegalStateException("the transition closed during the measurement");
            }
        }
    }

    @Benchmark
    public int call(Open o) {
        return o.hot.compute(o.x);
    }

    @Benchmark
    @OperationsPerInvocation(64)
    public int loop(Open o) {
        Hot target = o.hot;
        int sum = 0;
        for (int v : o.inputs) {
            sum += target.compute(v);
        }
        return sum;
    }
}
