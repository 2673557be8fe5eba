package io.jlivepatch.benchmarks.startup;

import io.jlivepatch.benchmarks.support.Stats;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
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
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * What the agent at startup costs: the wall time of a JVM started with {@code -javaagent} against the
 * same JVM without it, measured in the same run. Each round starts every variant once, in a shuffled
 * order, so that load on the machine hits all of them alike; the result is the median of the
 * per-round ratios (paired), with the median times beside it.
 *
 * <p>Workloads: {@code hello} (a hello-world {@code main}, wall time to exit) and {@code demo} (the
 * samples' {@code ShopService}, wall time until it prints {@code listening on}). Variants: no agent;
 * an empty agent (the JVM's own cost of any {@code -javaagent}: the floor); the agent with no patch;
 * the agent with {@code patches=<dir>} holding one small patch. Beside wall time it reports each JVM's
 * CPU time (user + system, from {@code /usr/bin/time}), which a loaded machine distorts far less.
 *
 * <pre>
 *   java -cp jlivepatch-benchmarks.jar io.jlivepatch.benchmarks.startup.StartupHarness \
 *       --agent AGENT_JAR --samples SAMPLES_CLASSES --patch PATCH_JAR [--rounds N] [--java JAVA]
 *       [--compare OTHER_AGENT_JAR]
 * </pre>
 *
 * <p>Thread-safety: a command-line program; not for concurrent use.
 */
public final class StartupHarness {

    private static final Path TIME = Path.of("/usr/bin/time");

    private final String java;
    private final Path agent;
    private final Path emptyAgent;
    /** Another agent jar (an older build) run as one more variant, or {@code null}. */
    private final Path compare;
    private final Path patchDir;
    private final String selfClasspath;
    private final String samples;

    private StartupHarness(String java, Path agent, Path emptyAgent, Path compare, Path patchDir,
                           String selfClasspath, String samples) {
        this.java = java;
        this.agent = agent;
        this.emptyAgent = emptyAgent;
        this.compare = compare;
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
        StartupHarness harness = new StartupHarness(java, Path.of(options.get("--agent")).toAbsolutePath(),
                emptyAgentJar(Files.createTempDirectory("jlivepatch-startup-work-")),
                options.containsKey("--compare") ? Path.of(options.get("--compare")).toAbsolutePath() : null, patchDir,
                System.getProperty("java.class.path"), options.get("--samples"));
        if (options.containsKey("--compare")) {
            System.out.println("compared agent: " + options.get("--compare"));
        }
        System.out.println("java: " + java + ", rounds: " + rounds + ", patch: " + options.get("--patch")
                + ", load average before: " + loadAverage());
        System.out.println();
        System.out.println("| workload | variant | wall ms (median) | wall, paired ratio to none (median) | p25..p75 "
                + "| CPU ms (median) | CPU, paired ratio to none (median) |");
        System.out.println("|---|---|---:|---:|---|---:|---:|");
        harness.run("hello", rounds);
        if (harness.samples != null) {
            harness.run("demo", Math.max(5, rounds / 2));
        }
    }

    private void run(String workload, int rounds) throws Exception {
        List<String> variants = new ArrayList<>(List.of("none", "empty agent", "agent", "agent+patch"));
        if (compare != null) {
            variants.addAll(List.of("compared agent", "compared agent+patch"));
        }
        Map<String, List<Double>> times = new LinkedHashMap<>();
        Map<String, List<Double>> ratios = new LinkedHashMap<>();
        Map<String, List<Double>> cpu = new LinkedHashMap<>();
        Map<String, List<Double>> cpuRatios = new LinkedHashMap<>();
        variants.forEach(v -> {
            times.put(v, new ArrayList<>());
            ratios.put(v, new ArrayList<>());
            cpu.put(v, new ArrayList<>());
            cpuRatios.put(v, new ArrayList<>());
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
            Map<String, double[]> now = new LinkedHashMap<>();
            for (String v : order) {
                now.put(v, once(workload, v));
            }
            for (String v : variants) {
                times.get(v).add(now.get(v)[0]);
                ratios.get(v).add(now.get(v)[0] / now.get("none")[0]);
                cpu.get(v).add(now.get(v)[1]);
                cpuRatios.get(v).add(now.get(v)[1] / Math.max(10, now.get("none")[1]));
            }
        }
        for (String v : variants) {
            List<Double> r = new ArrayList<>(ratios.get(v));
            Collections.sort(r);
            System.out.println("| " + workload + " | " + v + " | " + ms(Stats.median(times.get(v))) + " | "
                    + fmt(Stats.median(r)) + "x | " + fmt(r.get(r.size() / 4)) + ".." + fmt(r.get(r.size() * 3 / 4))
                    + " | " + ms(Stats.median(cpu.get(v))) + " | " + fmt(Stats.median(cpuRatios.get(v))) + "x |");
        }
    }

    /**
     * One JVM start: milliseconds until it exited ({@code hello}) or said it listens ({@code demo}),
     * and its CPU time (user + system, all threads, until exit; from {@code /usr/bin/time}, 10 ms
     * resolution; -1 without it).
     */
    private double[] once(String workload, String variant) throws IOException, InterruptedException {
        Path cpuFile = Files.createTempFile("jlivepatch-startup-cpu-", ".txt");
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(TIME)) {
            command.addAll(List.of(TIME.toString(), "-f", "%U %S", "-o", cpuFile.toString()));
        }
        command.add(java);
        if (variant.equals("empty agent")) {
            command.add("-javaagent:" + emptyAgent);
        } else if (variant.startsWith("compared agent")) {
            command.add("-javaagent:" + compare + (variant.endsWith("+patch") ? "=patches=" + patchDir : ""));
        } else if (!variant.equals("none")) {
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
            double cpuMillis = -1;
            String[] times = Files.readString(cpuFile).trim().split("\\s+");
            if (times.length == 2) {
                cpuMillis = (Double.parseDouble(times[0]) + Double.parseDouble(times[1])) * 1000;
            }
            Files.delete(cpuFile);
            return new double[] {millis, cpuMillis};
        }
    }

    /** A jar of {@link EmptyAgent} alone, the floor of any agent. */
    private static Path emptyAgentJar(Path directory) throws IOException {
        Path jar = directory.resolve("empty-agent.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Premain-Class", EmptyAgent.class.getName());
        String entry = EmptyAgent.class.getName().replace('.', '/') + ".class";
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
             InputStream in = EmptyAgent.class.getResourceAsStream("EmptyAgent.class")) {
            out.putNextEntry(new JarEntry(entry));
            out.write(in.readAllBytes());
            out.closeEntry();
        }
        return jar;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "?";
        }
    }

    private static String ms(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }
}
