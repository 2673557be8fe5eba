package io.jlivepatch.benchmarks.replace;

import io.jlivepatch.agent.boot.Boot;
import io.jlivepatch.benchmarks.support.Agent;
import io.jlivepatch.benchmarks.support.SafepointLog;
import io.jlivepatch.benchmarks.support.ScanProbe;
import io.jlivepatch.benchmarks.support.Stats;
import io.jlivepatch.core.model.Patch;
import io.jlivepatch.core.registry.Livepatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Issue 4's atomic replace cost, in one JVM started with the agent (use
 * {@code java -jar jlivepatch-benchmarks.jar replace}). 150 generated static methods
 * {@code m0..m149}, spread round-robin over {@code --classes} classes:
 *
 * <ul>
 *   <li><b>overlap</b>: patch A (funcs m0..m99) is enabled; then B, an atomic replace with funcs
 *       m50..m149 (50 in common with A), is enabled and measured. B must add trampolines to
 *       m100..m149 (one retransformation) and, on completion, remove them from m0..m49, which A
 *       alone patched (one more). Between repetitions B is disabled, which unweaves everything.</li>
 *   <li><b>same set</b>: replace patches over m0..m99 replace each other in turn: no method gains
 *       its first func or loses its last, so no retransformation at all.</li>
 * </ul>
 * For each: {@code retransformClasses} calls during the measured enable ({@link Boot#retransformCalls}
 * delta; goal at most 2 and 0), the time from {@code enable} to {@code !isInTransition()}, and the
 * longest safepoint inside it. Results are checked: m0 original, m50 and m149 B's.
 *
 * <p>Options: {@code --classes 1,10,150 --reps 15 --warmup 3}.
 *
 * <p>Thread-safety: a single-threaded program.
 */
public final class ReplaceHarness {

    private static final int METHODS = 150;

    private final Livepatch livepatch = Agent.livepatch();
    private final StringBuilder table = new StringBuilder();

    private ReplaceHarness() {}

    public static void main(String[] args) throws Throwable {
        List<Integer> classes = List.of(1, 10, 150);
        int reps = 15;
        int warmup = 3;
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--classes" -> {
                    List<Integer> list = new ArrayList<>();
                    for (String s : args[i + 1].split(",")) {
                        list.add(Integer.parseInt(s.trim()));
                    }
                    classes = list;
                }
                case "--reps" -> reps = Integer.parseInt(args[i + 1]);
                case "--warmup" -> warmup = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        new ReplaceHarness().run(classes, reps, warmup);
    }

    /** One measured replace. */
    private record Sample(long startNanos, long returnedNanos, long doneNanos, int retransforms) {
    }

    private void run(List<Integer> classCounts, int reps, int warmup) throws Throwable {
        System.out.println("# " + System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version")
                + ", " + Runtime.getRuntime().availableProcessors() + " cpus, "
                + "safepoint log " + (SafepointLog.available() ? "on" : "OFF (run through Bench)"));
        table.append("| scenario | classes | reps | retransformClasses calls per replace (min-max) "
                + "| completion median ms | min | max | enable() call median ms | longest safepoint median / max ms |\n");
        table.append("|---|---|---|---|---|---|---|---|---|\n");
        for (int classes : classCounts) {
            Generated gen = new Generated(classes, METHODS);
            overlap(gen, reps, warmup);
            sameSet(gen, reps, warmup);
        }
        System.out.println();
        System.out.println(table);
        if (ScanProbe.available()) {
            System.out.printf(Locale.ROOT, "One engine class lookup (getAllLoadedClasses + name filter) with %d classes "
                    + "loaded: median %.3f ms%n", ScanProbe.loadedClasses(), ScanProbe.medianScanNanos(101) / 1e6);
        }
    }

    private void overlap(Generated gen, int reps, int warmup) throws Throwable {
        Patch a = gen.patch("a", false, 0, 100, 1000);
        Patch b = gen.patch("b", true, 50, METHODS, 2000);
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < warmup + reps; i++) {
            Agent.enableAndWait(a);
            expect(gen, 0, 1000);
            expect(gen, 50, 1000);
            expect(gen, 149, 0);
            Sample s = measure(b);
            expect(gen, 0, 0);
            expect(gen, 50, 2000);
            expect(gen, 149, 2000);
            if (livepatch.patches().size() != 1) {
                throw new IllegalStateException("A is still listed after B replaced it: " + livepatch.patches());
            }
            Agent.disableAndWait(b.name());
            if (i >= warmup) {
                samples.add(s);
            }
        }
        row("overlap: A m0..99, then replace B m50..149", gen.classes(), samples);
    }

    private void sameSet(Generated gen, int reps, int warmup) throws Throwable {
        Patch[] turns = {gen.patch("c", true, 0, 100, 3000), gen.patch("d", true, 0, 100, 4000)};
        Agent.enableAndWait(turns[0]);
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < warmup + reps; i++) {
            Patch next = turns[(i + 1) % 2];
            Sample s = measure(next);
            int tag = next == turns[0] ? 3000 : 4000;
            expect(gen, 0, tag);
            expect(gen, 99, tag);
            if (i >= warmup) {
                samples.add(s);
            }
        }
        Agent.disableAndWait(turns[(warmup + reps) % 2].name());
        row("same set: replace m0..99 with m0..99", gen.classes(), samples);
    }

    private Sample measure(Patch patch) {
        int before = Boot.retransformCalls();
        long start = System.nanoTime();
        livepatch.enable(patch);
        long returned = System.nanoTime();
        long done = Agent.awaitIdle(30_000);
        return new Sample(start, returned, done, Boot.retransformCalls() - before);
    }

    private static void expect(Generated gen, int k, int tag) throws Throwable {
        int got = gen.call(k);
        if (got != k + tag) {
            throw new IllegalStateException("m" + k + "(0) = " + got + ", expected " + (k + tag));
        }
    }

    private void row(String scenario, int classes, List<Sample> samples) {
        SafepointLog log = SafepointLog.read();
        List<Long> completion = new ArrayList<>();
        List<Long> call = new ArrayList<>();
        List<Long> longest = new ArrayList<>();
        for (Sample s : samples) {
            completion.add(s.doneNanos() - s.startNanos());
            call.add(s.returnedNanos() - s.startNanos());
            SafepointLog.Safepoint sp = log.longest(s.startNanos(), s.doneNanos());
            longest.add(sp == null ? 0L : sp.totalNanos());
        }
        int min = samples.stream().mapToInt(Sample::retransforms).min().orElse(-1);
        int max = samples.stream().mapToInt(Sample::retransforms).max().orElse(-1);
        table.append(String.format(Locale.ROOT, "| %s | %d | %d | %s | %.2f | %.2f | %.2f | %.2f | %s |%n",
                scenario, classes, samples.size(), min == max ? Integer.toString(min) : min + "-" + max,
                Stats.median(completion) / 1e6, Stats.min(completion) / 1e6, Stats.max(completion) / 1e6,
                Stats.median(call) / 1e6,
                SafepointLog.available() ? String.format(Locale.ROOT, "%.2f / %.2f",
                        Stats.median(longest) / 1e6, Stats.max(longest) / 1e6) : "n/a"));
    }
}
