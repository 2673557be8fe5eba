package io.jlivepatch.benchmarks.dispatch;

import org.openjdk.jmh.annotations.Fork;

/**
 * {@link DispatchBenchmark} with the JIT free to inline the targets into the benchmark loop (the
 * common case for small methods).
 *
 * <p>Thread-safety: see {@link DispatchBenchmark}.
 */
@Fork(1)
public class DispatchInlined extends DispatchBenchmark {
}
