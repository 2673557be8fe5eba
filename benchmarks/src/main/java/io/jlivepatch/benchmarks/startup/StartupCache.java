package io.jlivepatch.benchmarks.startup;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The class-data archive {@link StartupHarness} gives each variant with {@code --cache}: how a training
 * run writes it, and the flags a measured run uses it with. Services that care about startup run with
 * one (Spring Boot documents both), so the fair question for an agent is its cost <em>with</em> an
 * archive trained on the same command line, not against the JDK's default archive alone.
 *
 * <ul>
 *   <li>{@link #CDS}: a dynamic AppCDS archive ({@code -XX:ArchiveClassesAtExit}, JDK 13+), dumped when
 *       the training run exits. JDK 17 refuses to dump while a Java agent runs unless the diagnostic
 *       {@code -XX:+AllowArchivingWithJavaAgent} is set, and then prints a "testing purposes only"
 *       warning at every later start; the harness then trains the agent variants <em>without</em>
 *       the agent (the archive a JDK 17 service would really have), and says so.</li>
 *   <li>{@link #AOT}: a JDK 24+ AOT cache ({@code -XX:AOTCacheOutput}, JDK 25's one-step training: the
 *       training run records, then a child JVM assembles the cache). It also holds the module graph
 *       and linked, initialized classes, which a dynamic archive does not.</li>
 * </ul>
 *
 * <p>Thread-safety: an immutable enum.
 */
enum StartupCache {

    /** No archive beyond the JDK's default CDS archive. */
    NONE(".none", List.of(), List.of(), List.of()),
    /** A dynamic AppCDS archive per variant. */
    CDS(".jsa", List.of("-XX:ArchiveClassesAtExit="), List.of("-XX:SharedArchiveFile="),
            List.of("-XX:SharedArchiveFile=", "-Xshare:on")),
    /** A JDK 24+ AOT cache per variant. */
    AOT(".aot", List.of("-XX:AOTCacheOutput="), List.of("-XX:AOTCache="),
            List.of("-XX:AOTCache=", "-XX:AOTMode=on"));

    private final String suffix;
    private final List<String> train;
    private final List<String> use;
    private final List<String> strict;

    StartupCache(String suffix, List<String> train, List<String> use, List<String> strict) {
        this.suffix = suffix;
        this.train = train;
        this.use = use;
        this.strict = strict;
    }

    /** {@code none}, {@code cds} or {@code aot}. */
    static StartupCache parse(String word) {
        try {
            return valueOf(word.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--cache takes none, cds or aot, not '" + word + "'", e);
        }
    }

    /** The archive's file name for a variant of a workload, under {@code directory}. */
    Path archive(Path directory, String workload, String variant) {
        return directory.resolve(workload + "-" + variant.replaceAll("[^a-z0-9]+", "-") + suffix);
    }

    /** The JVM flags of a training run that writes {@code archive} when the JVM exits. */
    List<String> trainFlags(Path archive) {
        return withPath(train, archive);
    }

    /** The JVM flags of a measured run with {@code archive}: the JVM falls back quietly if it cannot use it. */
    List<String> useFlags(Path archive) {
        return withPath(use, archive);
    }

    /** Like {@link #useFlags}, but the JVM refuses to start if it cannot use {@code archive}: the check run. */
    List<String> strictFlags(Path archive) {
        return withPath(strict, archive);
    }

    private static List<String> withPath(List<String> flags, Path archive) {
        return flags.stream().map(f -> f.endsWith("=") ? f + archive : f).toList();
    }

    /**
     * Whether a failed training run's output says the JDK refuses to dump while a Java agent runs
     * (JDK 17: {@code Must enable AllowArchivingWithJavaAgent in order to run Java agent during CDS dumping}).
     */
    static boolean refusedAgent(String trainingOutput) {
        return trainingOutput.contains("AllowArchivingWithJavaAgent");
    }
}
