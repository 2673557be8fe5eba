package io.jlivepatch.benchmarks.startup;

import io.jlivepatch.benchmarks.support.Stats;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * What the agent at startup costs: the wall time of a JVM started with {@code -javaagent} against the
 * same JVM without it, measured in the same run. Each round starts every variant once, in a shuffled
 * order, so that load on the machine hits all of them alike; the result is the median of the
 * per-round ratios (paired), with the median times beside it.
 *
 * <p>Workloads: {@code hello} (a hello-world {@code main}, wall time to exit) and {@code demo} (the
 * samples' {@code ShopService}, wall time until it prints {@code listening on}). Variants: no agent;
 * the agent with no patch; the agent with {@code patches=<dir>} holding one small patch.
 *
 * <pre>
 *   java -cp jlivepatch-benchmarks.jar io.jlivepatch.benchmarks.startup.StartupHarness \
 *       --agent AGENT_JAR --samples SAMPLES_CLASSES --patch PATCH_JAR [--rounds N] [--java JAVA]
 * </pre>
 *
 * <p>Thread-safety: a command-line program; not for concurrent use.
 */
public final class StartupHarness {

    private final String java;
    private final Path agent;
    private final Path patchDir;
    private final String selfClasspath;
    private final String samples;

    private StartupHarness(String java, Path agent, Path patchDir, String selfClasspath, String samples) {
        this.java = java;
        this.agent = agent;
        this.patchDir = patchDir;
        this.selfClasspath = selfClasspath;
        this.samples = samples;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        int rounds = Integer.parseInt(options.getOrDefault("--rounds", "30"));
        String java = options.getOrDefault("--java", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Path patchDir = Files.createTempDirectory("jlivepatch-startup-");
        Files.copy(Path.of(options.get("--patch")), patchDir.resolve("patch.jar"));
        StartupHarness harness = new StartupHarness(java, Path.of(options.get("--agent")).toAbsolutePath(), patchDir,
                System.getProperty("java.class.path"), options.get("--samples"));
        System.out.println("java: " + java + ", rounds: " + rounds + ", patch: " + options.get("--patch"));
        System.out.println();
        System.out.println("| workload | variant | median ms | paired ratio to no agent (median) | p25..p75 ratio |");
        System.out.println("|---|---|---:|---:|---|");
        harness.run("hello", rounds);
        if (harness.samples != null) {
            harness.run("demo", Math.max(5, rounds / 2));
        }
    }

    private void run(String workload, int rounds) throws Exception {
        List<String> variants = List.of("none", "agent", "agent+patch");
        Map<String, List<Double>> times = new LinkedHashMap<>();
        Map<String, List<Double>> ratios = new LinkedHashMap<>();
        variants.forEach(v -> {
            times.put(v, new ArrayList<>());
            ratios.put(v, new ArrayList<>());
        });
        Random random = new Random(42);
        for (int i = 0; i < 3; i++) {
            for (String v : variants) {
                once(workload, v); // warm the file cache and the CPU frequency, not recorded
            }
        }
        for (int round = 0; round < rounds; round++) {
            List<String> order = new ArrayList<>(variants);
            Collections.shuffle(order, random);
            Map<String, Double> now = new LinkedHashMap<>();
            for (String v : order) {
                now.put(v, once(workload, v));
            }
            for (String v : variants) {
                times.get(v).add(now.get(v));
                ratios.get(v).add(now.get(v) / now.get("none"));
            }
        }
        for (String v : variants) {
            List<Double> r = new ArrayList<>(ratios.get(v));
            Collections.sort(r);
            System.out.println("| " + workload + " | " + v + " | " + ms(Stats.median(times.get(v))) + " | "
                    + fmt(Stats.median(r)) + "x | " + fmt(r.get(r.size() / 4)) + ".." + fmt(r.get(r.size() * 3 / 4))
                    + " |");
        }
    }

    /** One JVM start; milliseconds until it exited ({@code hello}) or said it listens ({@code demo}). */
    private double once(String workload, String variant) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(java));
        if (!variant.equals("none")) {
            command.add("-javaagent:" + agent + (variant.equals("agent+patch") ? "=patches=" + patchDir : ""));
        }
        if (workload.equals("hello")) {
            command.addAll(List.of("-cp", selfClasspath, Hello.class.getName()));
        } else {
            command.addAll(List.of("-cp", samples, "io.jlivepatch.samples.demo.ShopService"));
        }
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String expected = workload.equals("hello") ? "hello" : "listening on";
            String line = out.readLine();
            if (line == null || !line.startsWith(expected)) {
                throw new IllegalStateException(workload + "/" + variant + " printed " + line + " first");
            }
            if (workload.equals("hello")) {
                process.waitFor();
            }
            double millis = (System.nanoTime() - start) / 1e6;
            process.getOutputStream().close(); // the demo stops when its stdin closes
            process.waitFor();
            if (process.exitValue() != 0) {
                throw new IllegalStateException(workload + "/" + variant + " exited with " + process.exitValue());
            }
            return millis;
        }
    }

    private static String ms(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }
}
