package io.jlivepatch.benchmarks.transition;

import io.jlivepatch.benchmarks.support.SafepointLog;
import io.jlivepatch.benchmarks.support.Stats;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongFunction;
import java.util.function.ToLongFunction;

/**
 * The Markdown tables {@link TransitionHarness} prints: one row per scenario and operation with
 * completion times, pauses and late/mixed calls; the per-thread cost of the parked scenarios; and
 * the safepoints that fell inside the measured transitions, per VM operation. The safepoint log is
 * read when a row is added, so that each row sees the safepoints of its own transitions.
 *
 * <p>Not thread-safe: the harness's driver thread alone uses it.
 */
final class TransitionTables {

    private final StringBuilder table = new StringBuilder(
            "| scenario | threads | op | reps | completion median ms | min | max | enable()/disable() call median ms "
            + "| longest safepoint median ms | longest safepoint max ms (operation) | jitter gap median / max ms "
            + "| quiet-window gap median / max ms | late old calls | mixed calls |\n"
            + "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    private final StringBuilder perThread = new StringBuilder(
            "| scenario | threads | op | completion median per thread µs | process CPU median ms | CPU per thread µs "
            + "| allocated median MB | allocated per thread bytes |\n"
            + "|---|---|---|---|---|---|---|---|\n");
    /** Each safepoint inside a measured transition: "scenario threads op", VM operation, total nanos. */
    private final List<String[]> windows = new ArrayList<>();
    /** Measured transitions per "scenario threads op" key, for per-transition counts. */
    private final Map<String, Integer> rowsPerScenario = new HashMap<>();

    /** The main table, one row per {@link #row} call. */
    String table() {
        return table.toString();
    }

    /** The per-thread table of the parked scenarios. */
    String perThread() {
        return perThread.toString();
    }

    /** Appends the rows of one scenario's measured {@code op} transitions. */
    void row(String scenario, int threads, String op, List<TransitionSample> samples) {
        SafepointLog log = SafepointLog.read();
        List<Long> longest = new ArrayList<>();
        SafepointLog.Safepoint worst = null;
        for (TransitionSample s : samples) {
            SafepointLog.Safepoint sp = log.longest(s.startNanos(), s.doneNanos());
            longest.add(sp == null ? 0L : sp.totalNanos());
            if (sp != null && (worst == null || sp.totalNanos() > worst.totalNanos())) {
                worst = sp;
            }
            for (SafepointLog.Safepoint each : log.within(s.startNanos(), s.doneNanos())) {
                windows.add(new String[] {scenario + " " + threads + " " + op, each.operation(),
                        Long.toString(each.totalNanos())});
            }
        }
        rowsPerScenario.put(scenario + " " + threads + " " + op, samples.size());
        if (threads > 0 && scenario.startsWith("parked")) {
            double allocated = Stats.median(map(samples, TransitionSample::allocatedBytes));
            perThread.append(String.format(Locale.ROOT, "| %s | %d | %s | %.2f | %.2f | %.2f | %s | %s |%n", scenario,
                    threads, op,
                    Stats.median(map(samples, TransitionSample::completion)) / 1e3 / threads,
                    Stats.median(map(samples, TransitionSample::cpuNanos)) / 1e6,
                    Stats.median(map(samples, TransitionSample::cpuNanos)) / 1e3 / threads,
                    allocated < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f", allocated / 1e6),
                    allocated < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f", allocated / threads)));
        }
        LongFunction<String> ms = nanos -> String.format(Locale.ROOT, "%.2f", nanos / 1e6);
        table.append("| ").append(scenario)
                .append(" | ").append(threads)
                .append(" | ").append(op)
                .append(" | ").append(samples.size())
                .append(" | ").append(ms.apply((long) Stats.median(map(samples, TransitionSample::completion))))
                .append(" | ").append(ms.apply((long) Stats.min(map(samples, TransitionSample::completion))))
                .append(" | ").append(ms.apply((long) Stats.max(map(samples, TransitionSample::completion))))
                .append(" | ").append(ms.apply((long) Stats.median(map(samples, TransitionSample::enableCall))))
                .append(" | ").append(SafepointLog.available() ? ms.apply((long) Stats.median(longest)) : "n/a")
                .append(" | ").append(worst == null ? "n/a" : ms.apply(worst.totalNanos()) + " (" + worst.operation()
                        + ": reaching " + ms.apply(worst.reachingNanos()) + ", at " + ms.apply(worst.atNanos()) + ")")
                .append(" | ").append(ms.apply((long) Stats.median(map(samples, TransitionSample::jitterNanos))))
                .append(" / ").append(ms.apply((long) Stats.max(map(samples, TransitionSample::jitterNanos))))
                .append(" | ").append(ms.apply((long) Stats.median(map(samples, TransitionSample::quietJitterNanos))))
                .append(" / ").append(ms.apply((long) Stats.max(map(samples, TransitionSample::quietJitterNanos))))
                .append(" | ").append(samples.stream().mapToLong(TransitionSample::late).sum())
                .append(" | ").append(samples.stream().mapToLong(TransitionSample::mixed).sum())
                .append(" |\n");
    }

    /**
     * Per scenario and VM operation: how many safepoints fell inside the measured transitions (per
     * transition), and their median and longest total time.
     */
    void printSafepointSummary() {
        if (windows.isEmpty()) {
            return;
        }
        Map<String, List<Long>> byOp = new LinkedHashMap<>();
        Map<String, Integer> transitions = new HashMap<>();
        for (String[] w : windows) {
            byOp.computeIfAbsent(w[0] + " | " + w[1], k -> new ArrayList<>()).add(Long.parseLong(w[2]));
        }
        rowsPerScenario.forEach(transitions::put);
        System.out.println("| scenario op | VM operation | safepoints per transition | median ms | longest ms |");
        System.out.println("|---|---|---|---|---|");
        byOp.forEach((key, totals) -> {
            int n = transitions.getOrDefault(key.substring(0, key.indexOf(" | ")), 1);
            System.out.printf(Locale.ROOT, "| %s | %.1f | %.2f | %.2f |%n", key, totals.size() / (double) n,
                    Stats.median(totals) / 1e6, Stats.max(totals) / 1e6);
        });
    }

    private static List<Long> map(List<TransitionSample> samples, ToLongFunction<TransitionSample> f) {
        return samples.stream().map(s -> f.applyAsLong(s)).toList();
    }
}
