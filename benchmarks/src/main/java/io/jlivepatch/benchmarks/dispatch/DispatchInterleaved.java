package io.jlivepatch.benchmarks.dispatch;

import io.jlivepatch.benchmarks.support.Stats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * Issue 2's dispatch overhead measured the spike's second way (spike A.4): all variants in one JVM,
 * sampled round-robin with the order rotated every round, so that drift (a neighbour's build
 * starting, frequency changes) hits every variant alike and cancels in the ratios. JMH, with one
 * fork per benchmark, cannot cancel drift between forks; on a shared 2-core machine this harness
 * gives the steadier ratios, JMH the better-isolated absolute numbers.
 *
 * <p>A sample is {@value #INVOCATIONS} invocations of a variant method that makes {@value #REPS}
 * passes over 64 varying inputs (about a million calls). Run it twice:
 * plain (the JIT inlines each target into its loop) and with {@code -XX:CompileCommand=dontinline}
 * on the three targets ({@code java -jar jlivepatch-benchmarks.jar dispatch} does both).
 *
 * <p>Thread-safety: a single-threaded program.
 */
public final class DispatchInterleaved {

    /** Passes over the inputs per invocation: small, so each variant method is compiled normally, not only by OSR. */
    private static final int REPS = 16;
    /** Invocations per sample: about 1 M calls. */
    private static final int INVOCATIONS = 1_000;
    private static final int WARMUP_ROUNDS = 20;
    private static final int ROUNDS = 31;
    static volatile int sink;

    private DispatchInterleaved() {}

    public static void main(String[] args) {
        DispatchBenchmark.Targets t = new DispatchBenchmark.Targets();
        t.setup();
        // One method per variant, so that each has its own profile and compiled code.
        Map<String, IntSupplier> variants = new LinkedHashMap<>();
        variants.put("direct", () -> direct(t.direct, t.inputs));
        variants.put("patched", () -> patched(t.patched, t.inputs));
        variants.put("wovenOriginal", () -> wovenOriginal(t.wovenOff, t.inputs));
        List<String> names = new ArrayList<>(variants.keySet());
        Map<String, List<Double>> samples = new LinkedHashMap<>();
        names.forEach(n -> samples.put(n, new ArrayList<>()));
        for (int round = 0; round < WARMUP_ROUNDS + ROUNDS; round++) {
            for (int i = 0; i < names.size(); i++) {
                String name = names.get((round + i) % names.size());
                IntSupplier variant = variants.get(name);
                int sum = 0;
                long start = System.nanoTime();
                for (int k = 0; k < INVOCATIONS; k++) {
                    sum += variant.getAsInt();
                }
                double perCall = (System.nanoTime() - start) / (double) (INVOCATIONS * REPS * t.inputs.length);
                sink += sum;
                if (round >= WARMUP_ROUNDS) {
                    samples.get(name).add(perCall);
                }
            }
        }
        String jit = java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .anyMatch(a -> a.contains("dontinline")) ? "not inlined" : "inlined";
        double base = Stats.median(samples.get("direct"));
        System.out.println("| variant (" + jit + ", interleaved, " + ROUNDS + " rounds) | median ns/call | min | max | ratio to direct |");
        System.out.println("|---|---|---|---|---|");
        samples.forEach((name, list) -> System.out.printf(Locale.ROOT, "| %s | %.3f | %.3f | %.3f | %.3f |%n",
                name, Stats.median(list), Stats.min(list), Stats.max(list), Stats.median(list) / base));
    }

    private static int direct(Direct target, int[] inputs) {
        int sum = 0;
        for (int r = 0; r < REPS; r++) {
            for (int v : inputs) {
                sum += target.compute(v);
            }
        }
        return sum;
    }

    private static int patched(Patched target, int[] inputs) {
        int sum = 0;
        for (int r = 0; r < REPS; r++) {
            for (int v : inputs) {
                sum += target.compute(v);
            }
        }
        return sum;
    }

    private static int wovenOriginal(WovenOff target, int[] inputs) {
        int sum = 0;
        for (int r = 0; r < REPS; r++) {
            for (int v : inputs) {
                sum += target.compute(v);
            }
        }
        return sum;
    }
}
