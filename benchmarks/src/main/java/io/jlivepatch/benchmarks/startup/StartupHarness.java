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
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * What the agent at startup costs: the wall time of a JVM started with {@code -javaagent} against the
 * same JVM without it, measured in the same run. Each round starts every variant once, in a shuffled
 * order, so that load on the machine hits all of them alike; the result is the median of the
 * per-round ratios (paired) to the run without an agent and to the empty agent (what the agent costs
 * above the JVM's own cost of any agent), with the median times beside them.
 *
 * <p>Workloads: {@code hello} (a hello-world {@code main}, wall time to exit) and {@code demo} (the
 * samples' {@code ShopService}, wall time until it prints {@code listening on}). Variants: no agent;
 * an empty agent (the JVM's own cost of any {@code -javaagent}: the floor); the agent with no patch;
 * the agent with {@code patches=<dir>} holding one small patch. Beside wall time it reports each JVM's
 * CPU time (all threads, user + system: {@code perf stat -e task-clock} where it works, else
 * {@code /usr/bin/time} in 10 ms steps), which a loaded machine distorts far less.
 *
 * <p>With {@code --cache cds} or {@code --cache aot} every variant first trains its own archive with
 * its own command line ({@link StartupCache}), is checked once with the archive required and class
 * loading logged (a note says how many classes, and how many of jlivepatch's, came from it), and is
 * then measured with it; one more variant, {@code none, no cache}, runs with the JDK's default archive
 * only, so the same run shows what the archive itself gains. Anything a variant prints on stderr is
 * reported after the table.
 *
 * <pre>
 *   java -cp jlivepatch-benchmarks.jar io.jlivepatch.benchmarks.startup.StartupHarness \
 *       --agent AGENT_JAR --samples SAMPLES_CLASSES_OR_JAR --patch PATCH_JAR [--rounds N] [--java JAVA]
 *       [--compare OTHER_AGENT_JAR] [--cache none|cds|aot]
 * </pre>
 *
 * <p>Thread-safety: a command-line program; not for concurrent use.
 */
public final class StartupHarness {

    /** The variant that runs with the JDK's default archive only, when every other one has its own. */
    private static final String UNCACHED = "none, no cache";

    private final String java;
    private final Path agent;
    private final Path emptyAgent;
    /** Another agent jar (an older build) run as one more variant, or {@code null}. */
    private final Path compare;
    private final Path patchDir;
    private final String selfClasspath;
    /** The samples as a jar (CDS and AOT caches archive no class from a directory), or {@code null}. */
    private final Path samples;
    private final StartupCache cache;
    private final Path work;
    /** Per workload and variant, the JVM flags that give it its archive (none without {@code --cache}). */
    private final Map<String, List<String>> cacheFlags = new LinkedHashMap<>();

    private StartupHarness(String java, Path agent, Path emptyAgent, Path compare, Path patchDir,
                           String selfClasspath, Path samples, StartupCache cache, Path work) {
        this.java = java;
        this.agent = agent;
        this.emptyAgent = emptyAgent;
        this.compare = compare;
        this.patchDir = patchDir;
        this.selfClasspath = selfClasspath;
        this.samples = samples;
        this.cache = cache;
        this.work = work;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        int rounds = Integer.parseInt(options.getOrDefault("--rounds", "30"));
        String java = options.getOrDefault("--java", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        StartupCache cache = StartupCache.parse(options.getOrDefault("--cache", "none"));
        Path patchDir = Files.createTempDirectory("jlivepatch-startup-");
        Files.copy(Path.of(options.get("--patch")), patchDir.resolve("patch.jar"));
        Path work = Files.createTempDirectory("jlivepatch-startup-work-");
        Path samples = options.get("--samples") == null ? null : asJar(Path.of(options.get("--samples")), work);
        StartupHarness harness = new StartupHarness(java, Path.of(options.get("--agent")).toAbsolutePath(),
                emptyAgentJar(work),
                options.containsKey("--compare") ? Path.of(options.get("--compare")).toAbsolutePath() : null, patchDir,
                System.getProperty("java.class.path"), samples, cache, work);
        if (options.containsKey("--compare")) {
            System.out.println("compared agent: " + options.get("--compare"));
        }
        System.out.println("CPU time from: " + TimedStart.cpuSource());
        System.out.println("java: " + java + ", rounds: " + rounds + ", patch: " + options.get("--patch")
                + ", cache: " + cache.name().toLowerCase(Locale.ROOT) + ", load average before: " + loadAverage());
        List<String> lines = new ArrayList<>();
        try {
            lines.addAll(harness.run("hello", rounds));
            if (harness.samples != null) {
                lines.addAll(harness.run("demo", Math.max(5, rounds / 2)));
            }
        } finally {
            deleteTree(work); // the archives: 10-20 MB each with --cache aot
            deleteTree(patchDir);
        }
        System.out.println();
        System.out.println("| workload | variant | wall ms (median) | wall, paired ratio to none (median) | p25..p75 "
                + "| CPU ms (median) | CPU, paired ratio to none (median) | wall, paired ratio to empty agent (median) "
                + "| CPU, paired ratio to empty agent (median) |");
        System.out.println("|---|---|---:|---:|---|---:|---:|---:|---:|");
        lines.stream().filter(l -> l.startsWith("|")).forEach(System.out::println);
        System.out.println();
        lines.stream().filter(l -> !l.startsWith("|")).forEach(System.out::println);
        System.out.println("load average after: " + loadAverage());
    }

    /** Runs every variant of {@code workload} for {@code rounds}; returns its table rows, then its notes. */
    private List<String> run(String workload, int rounds) throws Exception {
        List<String> variants = new ArrayList<>(List.of("none", "empty agent", "agent", "agent+patch"));
        if (compare != null) {
            variants.addAll(List.of("compared agent", "compared agent+patch"));
        }
        List<String> notes = new ArrayList<>();
        for (String v : variants) {
            cacheFlags.put(workload + "/" + v, List.of());
        }
        if (cache != StartupCache.NONE) {
            for (String v : variants) {
                notes.add(train(workload, v));
            }
            variants.add(1, UNCACHED);
            cacheFlags.put(workload + "/" + UNCACHED, List.of());
        }
        Map<String, List<Double>> times = new LinkedHashMap<>();
        Map<String, List<Double>> ratios = new LinkedHashMap<>();
        Map<String, List<Double>> cpu = new LinkedHashMap<>();
        Map<String, List<Double>> cpuRatios = new LinkedHashMap<>();
        Map<String, List<Double>> toEmpty = new LinkedHashMap<>();
        Map<String, List<Double>> cpuToEmpty = new LinkedHashMap<>();
        Map<String, List<String>> stderr = new LinkedHashMap<>();
        variants.forEach(v -> {
            times.put(v, new ArrayList<>());
            ratios.put(v, new ArrayList<>());
            cpu.put(v, new ArrayList<>());
            cpuRatios.put(v, new ArrayList<>());
            toEmpty.put(v, new ArrayList<>());
            cpuToEmpty.put(v, new ArrayList<>());
            stderr.put(v, new ArrayList<>());
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
            Map<String, TimedStart.Result> now = new LinkedHashMap<>();
            for (String v : order) {
                now.put(v, once(workload, v));
            }
            for (String v : variants) {
                times.get(v).add(now.get(v).millis());
                ratios.get(v).add(now.get(v).millis() / now.get("none").millis());
                cpu.get(v).add(now.get(v).cpuMillis());
                cpuRatios.get(v).add(now.get(v).cpuMillis() / Math.max(10, now.get("none").cpuMillis()));
                toEmpty.get(v).add(now.get(v).millis() / now.get("empty agent").millis());
                cpuToEmpty.get(v).add(now.get(v).cpuMillis() / Math.max(10, now.get("empty agent").cpuMillis()));
                if (!now.get(v).stderr().isBlank()) {
                    stderr.get(v).add(firstLines(now.get(v).stderr()));
                }
            }
        }
        List<String> lines = new ArrayList<>();
        for (String v : variants) {
            List<Double> r = new ArrayList<>(ratios.get(v));
            Collections.sort(r);
            lines.add("| " + workload + " | " + v + " | " + ms(Stats.median(times.get(v))) + " | "
                    + fmt(Stats.median(r)) + "x | " + fmt(r.get(r.size() / 4)) + ".." + fmt(r.get(r.size() * 3 / 4))
                    + " | " + ms(Stats.median(cpu.get(v))) + " | " + fmt(Stats.median(cpuRatios.get(v))) + "x | "
                    + fmt(Stats.median(toEmpty.get(v))) + "x | " + fmt(Stats.median(cpuToEmpty.get(v))) + "x |");
            if (!stderr.get(v).isEmpty()) {
                notes.add("stderr " + workload + "/" + v + ": " + stderr.get(v).size() + " of " + rounds
                        + " runs printed, first line: " + stderr.get(v).get(0));
            }
        }
        lines.addAll(notes);
        return lines;
    }

    /**
     * Trains the archive of one variant with that variant's own command line, then starts it once more
     * with the archive required ({@link StartupCache#strictFlags}) and class loading logged, and
     * returns a note: the archive's size, how many classes (and how many of jlivepatch's) came from
     * it, and anything the JVM printed on stderr.
     */
    private String train(String workload, String variant) throws IOException, InterruptedException {
        Path archive = cache.archive(work, workload, variant);
        Files.deleteIfExists(archive);
        boolean withAgent = true;
        Training training = training(command(workload, variant, cache.trainFlags(archive), true), workload);
        if (!training.ok(archive) && !variant.equals("none") && StartupCache.refusedAgent(training.output())) {
            withAgent = false; // JDK 17: no dump while an agent runs; the service's archive is trained without it
            training = training(command(workload, variant, cache.trainFlags(archive), false), workload);
        }
        if (!training.ok(archive)) {
            throw new IllegalStateException("training " + workload + "/" + variant + " wrote no " + archive
                    + " (exit " + training.exit() + "):\n" + training.output());
        }
        cacheFlags.put(workload + "/" + variant, cache.useFlags(archive));
        List<String> said = training.output().lines().filter(l -> l.contains("jlivepatch:")).limit(2).toList();
        Path classLog = work.resolve("classes-" + archive.getFileName() + ".log");
        List<String> strict = new ArrayList<>(cache.strictFlags(archive));
        strict.add("-Xlog:class+load=info:file=" + classLog);
        TimedStart.Result check;
        try {
            check = launch(command(workload, variant, strict, true), workload);
        } catch (IllegalStateException e) {
            if (withAgent) {
                throw e;
            }
            // JDK 25: a dynamic archive over a base dumped without java.instrument gets a CDS error once any
            // agent adds that module.
            throw new IllegalStateException("this JDK does not take the " + workload + "/" + variant + " archive, "
                    + "trained without the agent, quietly in a JVM with the agent; with JDK 24+ use --cache aot ("
                    + e.getMessage() + ")", e);
        }
        List<String> loaded = Files.readAllLines(classLog).stream().filter(l -> l.contains(" source: ")).toList();
        long shared = loaded.stream().filter(StartupHarness::fromArchive).count();
        List<String> ours = loaded.stream().filter(l -> l.contains(" io.jlivepatch.")
                && !l.contains("io.jlivepatch.benchmarks.") && !l.contains("io.jlivepatch.samples.")).toList();
        return "archive " + workload + "/" + variant + ": " + Files.size(archive) / 1024 + " KiB, trained "
                + (withAgent ? "with its own command line" : "WITHOUT the agent (this JDK refuses to dump with one)")
                + "; check run: " + shared + " of " + loaded.size() + " classes from the archive; jlivepatch's: "
                + ours.stream().filter(StartupHarness::fromArchive).count() + " of " + ours.size()
                + " from the archive; stderr: "
                + (check.stderr().isBlank() ? "empty" : firstLines(check.stderr()))
                + (said.isEmpty() ? "" : "; the training run printed: " + String.join(" / ", said));
    }

    /** The first two lines of {@code text}, joined: a logger's header line and its message. */
    private static String firstLines(String text) {
        return String.join(" / ", text.strip().lines().limit(2).toList());
    }

    private static boolean fromArchive(String classLoadLine) {
        return classLoadLine.contains("source: shared objects file");
    }

    /** What a training run printed (stdout and stderr) and its exit status. */
    private record Training(int exit, String output) {
        boolean ok(Path archive) {
            return exit == 0 && Files.isRegularFile(archive);
        }
    }

    /** Runs a training JVM to its end (the demo: until it listens, a second more, then its stdin closes). */
    private Training training(List<String> command, String workload) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        StringBuilder output = new StringBuilder();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                output.append(line).append('\n');
                if (workload.equals("demo") && line.startsWith("listening on")) {
                    Thread.sleep(1000); // let the agent's background thread finish, as in a real training run
                    process.getOutputStream().close();
                }
            }
        }
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("a training run did not end in 5 minutes: " + command);
        }
        return new Training(process.exitValue(), output.toString());
    }

    /** The command line of one start of {@code variant}; {@code withAgent=false} leaves its {@code -javaagent} out. */
    private List<String> command(String workload, String variant, List<String> jvmFlags, boolean withAgent) {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmFlags);
        if (!withAgent || variant.startsWith("none")) {
            // no agent
        } else if (variant.equals("empty agent")) {
            command.add("-javaagent:" + emptyAgent);
        } else if (variant.startsWith("compared agent")) {
            command.add("-javaagent:" + compare + (variant.endsWith("+patch") ? "=patches=" + patchDir : ""));
        } else {
            command.add("-javaagent:" + agent + (variant.equals("agent+patch") ? "=patches=" + patchDir : ""));
        }
        if (workload.equals("hello")) {
            command.addAll(List.of("-cp", selfClasspath, Hello.class.getName()));
        } else {
            command.addAll(List.of("-cp", samples.toString(), "io.jlivepatch.samples.demo.ShopService"));
        }
        return command;
    }

    /** One measured start of {@code variant}, with its archive if it has one. */
    private TimedStart.Result once(String workload, String variant) throws IOException, InterruptedException {
        return launch(command(workload, variant, cacheFlags.get(workload + "/" + variant), true), workload);
    }

    /** Until {@code hello} exited, or the demo said it listens. */
    private TimedStart.Result launch(List<String> command, String workload) throws IOException, InterruptedException {
        boolean hello = workload.equals("hello");
        return TimedStart.run(command, hello ? "hello" : "listening on", hello, work);
    }

    /** {@code classes} itself if it is a jar; a directory is packed into one (CDS archives no class from a directory). */
    private static Path asJar(Path classes, Path directory) throws IOException {
        if (!Files.isDirectory(classes)) {
            return classes.toAbsolutePath();
        }
        Path jar = directory.resolve("samples.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             Stream<Path> files = Files.walk(classes)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(file));
                out.closeEntry();
            }
        }
        return jar;
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
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
