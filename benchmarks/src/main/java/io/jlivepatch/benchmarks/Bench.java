package io.jlivepatch.benchmarks;

import io.jlivepatch.benchmarks.support.Stats;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * The benchmarks jar's entry point.
 *
 * <ul>
 *   <li>{@code jmh [JMH options]} (the default when the first argument is not a command): runs
 *       JMH with {@code -javaagent:<agent jar>} added to every fork through
 *       {@code jvmArgsPrepend}, then prints a Markdown table of per-iteration medians and their
 *       ratios to the baseline of the same run. JMH's {@code jvmArgsAppend} is left to the
 *       benchmarks' own annotations: a command-line {@code -jvmArgsAppend} would replace them
 *       (spike pitfall 11), and so would a command-line {@code -jvmArgsPrepend} replace ours.</li>
 *   <li>{@code dispatch}: the interleaved dispatch harness, once with the JIT free to inline and
 *       once with the targets not inlined, each in a child JVM with the agent.</li>
 *   <li>{@code startup [options]}: {@code StartupHarness}, the cost of {@code -javaagent} at startup
 *       (hello world and the demo service, paired ratios); {@code first [options]}:
 *       {@code FirstTransitionHarness}, the first transitions of fresh demo services and the command
 *       channel's round trip. Both need {@code samples/target} built.</li>
 *   <li>{@code transitions [harness options]} and {@code replace [harness options]}: start the
 *       harness in a child JVM with the agent, a safepoint log and the read-only
 *       {@code ScanProbe} agent of this jar, and pass its output through.</li>
 *   <li>{@code soak [--cycles 1000 --warmup 200 --every 100]}: the soak harness
 *       ({@code SoakHarness}) in a child JVM with the agent and native memory tracking; exit
 *       status 1 if anything grew past its limit.</li>
 * </ul>
 * The agent jar is {@code -Djlivepatch.agent.jar=PATH}, by default
 * {@code agent/target/jlivepatch-agent.jar} next to this jar's {@code benchmarks/target}.
 *
 * <p>Thread-safety: a command-line program; not for concurrent use.
 */
public final class Bench {

    private static final List<String> COMMANDS = List.of("jmh", "transitions", "replace", "dispatch", "startup",
            "first", "soak");

    /** The same flags as {@code DispatchNotInlined}'s fork. */
    private static final List<String> NOT_INLINED = List.of(
            "-XX:CompileCommand=quiet",
            "-XX:CompileCommand=dontinline,io.jlivepatch.benchmarks.dispatch.Direct::compute",
            "-XX:CompileCommand=dontinline,io.jlivepatch.benchmarks.dispatch.Patched::compute",
            "-XX:CompileCommand=dontinline,io.jlivepatch.benchmarks.dispatch.WovenOff::compute");

    private Bench() {}

    public static void main(String[] args) throws Exception {
        boolean named = args.length > 0 && COMMANDS.contains(args[0]);
        String command = named ? args[0] : "jmh";
        String[] rest = named ? Arrays.copyOfRange(args, 1, args.length) : args;
        switch (command) {
            case "transitions" -> System.exit(child("io.jlivepatch.benchmarks.transition.TransitionHarness", rest));
            case "replace" -> System.exit(child("io.jlivepatch.benchmarks.replace.ReplaceHarness", rest));
            case "soak" -> System.exit(child(List.of("-XX:NativeMemoryTracking=summary"),
                    "io.jlivepatch.benchmarks.soak.SoakHarness", rest));
            case "dispatch" -> {
                int plain = child(List.of(), "io.jlivepatch.benchmarks.dispatch.DispatchInterleaved", rest);
                int notInlined = child(NOT_INLINED, "io.jlivepatch.benchmarks.dispatch.DispatchInterleaved", rest);
                System.exit(plain != 0 ? plain : notInlined);
            }
            case "startup" -> io.jlivepatch.benchmarks.startup.StartupHarness.main(withDemo(rest));
            case "first" -> io.jlivepatch.benchmarks.startup.FirstTransitionHarness.main(withDemo(rest));
            default -> jmh(rest);
        }
    }

    private static void jmh(String[] args) throws Exception {
        CommandLineOptions cmd = new CommandLineOptions(args);
        if (cmd.shouldHelp() || cmd.shouldList() || cmd.shouldListWithParams() || cmd.shouldListProfilers()
                || cmd.shouldListResultFormats()) {
            org.openjdk.jmh.Main.main(args);
            return;
        }
        ChainedOptionsBuilder options = new OptionsBuilder().parent(cmd);
        if (!cmd.getJvmArgsPrepend().hasValue()) {
            options.jvmArgsPrepend("-javaagent:" + agentJar());
        }
        Collection<RunResult> results = new Runner(options.build()).run();
        System.out.println();
        System.out.println(table(results));
    }

    /** Runs {@code mainClass} in a child JVM with the agent; its output is passed through. */
    private static int child(String mainClass, String[] args) throws Exception {
        return child(List.of(), mainClass, args);
    }

    private static int child(List<String> jvmFlags, String mainClass, String[] args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String self = selfJar().toString();
        Path safepointLog = Files.createTempFile("jlivepatch-safepoints", ".log");
        List<String> command = new ArrayList<>(List.of(java, "-javaagent:" + agentJar(), "-javaagent:" + self,
                "-Xlog:safepoint=info:file=" + safepointLog + ":timenanos",
                "-Djlivepatch.safepoint.log=" + safepointLog));
        command.addAll(jvmFlags);
        command.addAll(List.of("-cp", self, mainClass));
        command.addAll(List.of(args));
        System.err.println("# " + String.join(" ", command));
        Process process = new ProcessBuilder(command).inheritIO().start();
        int exit = process.waitFor();
        Files.deleteIfExists(safepointLog);
        return exit;
    }

    /**
     * {@code args} plus the agent jar, the samples' classes and their demo patch ({@code fix-rounding},
     * which patches the demo service's {@code Pricing}), found next to this jar unless given.
     */
    private static String[] withDemo(String[] args) {
        Path samples = selfJar().toAbsolutePath().getParent().resolve("../../samples/target").normalize();
        List<String> all = new ArrayList<>(List.of("--agent", agentJar().toString(),
                "--samples", samples.resolve("classes").toString(),
                "--patch", samples.resolve("patches/fix-rounding.jar").toString(), "--name", "fix-rounding"));
        all.addAll(List.of(args)); // later pairs win
        return all.toArray(String[]::new);
    }

    static Path agentJar() {
        String configured = System.getProperty("jlivepatch.agent.jar");
        Path jar = configured != null ? Path.of(configured)
                : selfJar().toAbsolutePath().getParent().resolve("../../agent/target/jlivepatch-agent.jar").normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no agent jar at " + jar
                    + ": build it (mvn -B -q -DskipTests package) or pass -Djlivepatch.agent.jar=PATH");
        }
        return jar.toAbsolutePath();
    }

    private static Path selfJar() {
        try {
            return Path.of(Bench.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A Markdown table: one row per benchmark and parameter set, with the median of its measurement
     * iterations (all forks pooled), the range, and the ratio to its baseline in the same run. The
     * baseline of {@code loopX} is {@code loopDirect}, of other dispatch benchmarks {@code direct},
     * of a benchmark with a {@code mode} parameter the same benchmark with {@code mode=steady}, and
     * in a class without those (such as {@code ShadowBenchmark}) its {@code field} benchmark.
     */
    static String table(Collection<RunResult> results) {
        Map<String, Row> rows = new LinkedHashMap<>();
        for (RunResult run : results) {
            String full = run.getParams().getBenchmark();
            String clazz = full.substring(0, full.lastIndexOf('.'));
            String method = full.substring(full.lastIndexOf('.') + 1);
            Map<String, String> params = new TreeMap<>();
            for (String key : run.getParams().getParamsKeys()) {
                params.put(key, run.getParams().getParam(key));
            }
            List<Double> scores = new ArrayList<>();
            for (BenchmarkResult fork : run.getBenchmarkResults()) {
                for (IterationResult iteration : fork.getIterationResults()) {
                    scores.add(iteration.getPrimaryResult().getScore());
                }
            }
            Row row = new Row(clazz, method, params, scores, run.getPrimaryResult().getScoreUnit());
            rows.put(row.key(), row);
        }
        StringBuilder out = new StringBuilder();
        out.append("| benchmark | params | median | min | max | unit | ratio to baseline |\n");
        out.append("|---|---|---|---|---|---|---|\n");
        for (Row row : rows.values()) {
            Row base = row.baselineKeys().stream().map(rows::get).filter(r -> r != null).findFirst().orElse(null);
            String ratio = base == null ? "-" : fmt(row.median() / base.median());
            out.append("| ").append(shortName(row.clazz)).append('.').append(row.method)
                    .append(" | ").append(row.params.isEmpty() ? "" : row.params.toString())
                    .append(" | ").append(fmt(row.median()))
                    .append(" | ").append(fmt(Stats.min(row.scores)))
                    .append(" | ").append(fmt(Stats.max(row.scores)))
                    .append(" | ").append(row.unit)
                    .append(" | ").append(ratio).append(base == row ? " (baseline)" : "").append(" |\n");
        }
        return out.toString();
    }

    private record Row(String clazz, String method, Map<String, String> params, List<Double> scores, String unit) {
        String key() {
            return clazz + "." + method + params;
        }

        double median() {
            return Stats.median(scores);
        }

        /** Candidates for the baseline, first present wins. */
        List<String> baselineKeys() {
            if (params.containsKey("mode")) {
                Map<String, String> steady = new TreeMap<>(params);
                steady.put("mode", "steady");
                return List.of(clazz + "." + method + steady);
            }
            return List.of(clazz + "." + (method.startsWith("loop") ? "loopDirect" : "direct") + params,
                    clazz + ".field" + params);
        }
    }

    private static String shortName(String clazz) {
        return clazz.substring(clazz.lastIndexOf('.') + 1);
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, value >= 100 ? "%.1f" : "%.3f", value);
    }
}
