package io.jlivepatch.benchmarks.dispatch;

import io.jlivepatch.benchmarks.support.Agent;
import io.jlivepatch.benchmarks.support.Patches;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue 2's dispatch overhead: the same computation reached three ways, in the same JVM state.
 *
 * <ul>
 *   <li>{@code direct}: {@link Direct#compute}, never woven (the baseline);</li>
 *   <li>{@code patched}: {@link Patched#compute}, woven, patch enabled: guard true, redirect to
 *       the hidden replacement {@link ComputeFix}, whose body is {@code Direct.compute}'s;</li>
 *   <li>{@code wovenOriginal}: {@link WovenOff#compute}, woven, guard false: the original body
 *       behind the trampoline (see {@link Prewoven} for why it is pre-woven).</li>
 * </ul>
 * Each comes as one call per op and as 64 calls per op over varying inputs ({@code loop*}), where
 * a guard that cannot be hoisted would block unrolling and vectorisation (spike A.3). Subclasses
 * fix the JIT setting: {@link DispatchInlined} and {@link DispatchNotInlined}.
 *
 * <p>Every fork sets up the same state (patch enabled, woven class defined) whichever benchmark it
 * runs, so the baseline runs in a JVM exactly as patched as the others.
 *
 * <p>Thread-safety: JMH runs one benchmark thread per fork; the state is read-only after setup.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public abstract class DispatchBenchmark {

    /** The three targets and the inputs; set up once per fork. */
    @State(Scope.Benchmark)
    public static class Targets {
        Direct direct;
        Patched patched;
        WovenOff wovenOff;
        int x = 0x1234_5678;
        final int[] inputs = new int[64];

        @Setup(Level.Trial)
        public void setup() {
            for (int i = 0; i < inputs.length; i++) {
                inputs[i] = i * 0x9E3779B1 + 7;
            }
            Prewoven.define(); // before anything names WovenOff
            direct = new Direct();
            patched = new Patched();
            wovenOff = new WovenOff();
            int expected = direct.compute(x);
            if (patched.compute(x) == expected) {
                throw new IllegalStateException("the original Patched.compute already matches the fix");
            }
            Agent.enableAndWait(Patches.of("bench_dispatch", false, ComputeFix.class));
            if (patched.compute(x) != expected || wovenOff.compute(x) != expected) {
                throw new IllegalStateException("patch not in effect: " + patched.compute(x) + " != " + expected);
            }
        }
    }

    @Benchmark
    public int direct(Targets t) {
        return t.direct.compute(t.x);
    }

    @Benchmark
    public int patched(Targets t) {
        return t.patched.compute(t.x);
    }

    @Benchmark
    public int wovenOriginal(Targets t) {
        return t.wovenOff.compute(t.x);
    }

    @Benchmark
    @OperationsPerInvocation(64)
    public int loopDirect(Targets t) {
        Direct target = t.direct;
        int sum = 0;
        for (int v : t.inputs) {
            sum += target.compute(v);
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(64)
    public int loopPatched(Targets t) {
        Patched target = t.patched;
        int sum = 0;
        for (int v : t.inputs) {
            sum += target.compute(v);
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(64)
    public int loopWovenOriginal(Targets t) {
        WovenOff target = t.wovenOff;
        int sum = 0;
        for (int v : t.inputs) {
            sum += target.compute(v);
        }
        return sum;
    }
}
