package io.jlivepatch.benchmarks.dispatch;

import org.openjdk.jmh.annotations.Fork;

/**
 * {@link DispatchBenchmark} with the three target methods never inlined into their callers: a
 * patched method too big to inline. The replacement ({@code ComputeFix}, a hidden class) stays
 * inlinable into the trampoline, as it would be for a method whose body is only too big for the
 * caller: the redirect itself is what is measured.
 *
 * <p>The JIT flags are {@code jvmArgsAppend}; the agent comes in through {@code jvmArgsPrepend}
 * (set by {@code Bench}), which JMH keeps separate, so neither replaces the other (spike pitfall 11).
 *
 * <p>Thread-safety: see {@link DispatchBenchmark}.
 */
@Fork(value = 1, jvmArgsAppend = {
        "-XX:CompileCommand=quiet",
        "-XX:CompileCommand=dontinline,io.jlivepatch.benchmarks.dispatch.Direct::compute",
        "-XX:CompileCommand=dontinline,io.jlivepatch.benchmarks.dispatch.Patched::compute",
        "-XX:CompileCommand=dontinline,io.jlivepatch.benchmarks.dispatch.WovenOff::compute"})
public class DispatchNotInlined extends DispatchBenchmark {
}
