package io.jlivepatch.samples.spring;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Spring Boot 3 executable fat jar patched live under HTTP load, through the real CLI:
 * {@code jlivepatch build --old quote-app-1.jar --new quote-app-2.jar} (the next build: {@code
 * Pricing} changed, every nested library identical) reads {@code BOOT-INF/classes}; {@code load}
 * into {@code java -jar quote-app-1.jar} changes the answers with no failed request and no answer
 * that mixes versions, through the CGLIB scoped proxy of the patched bean; {@code disable} takes it
 * back; a second load and disable in the same run. Clients count every answer; the counts of
 * failed and mixed answers are asserted to be exactly zero.
 *
 * <p>Also measures the throughput and p99 latency in 250 ms buckets around the first and the second
 * load and writes them to {@code target/it-logs/spring-boot-<label>-dip.txt} — reported, not
 * asserted: they depend on the machine — and checks the cause of the first load's dip in HotSpot's
 * own log: the first redefinition by an agent loaded at run time deoptimizes every compiled method,
 * while with the agent loaded at startup ({@code -javaagent}) no load does (docs/operations.md §6).
 */
@Timeout(300)
class SpringBootIT {

    private static final Path AGENT_JAR = Path.of(System.getProperty("jlivepatch.agent.jar",
            "../../agent/target/jlivepatch-agent.jar"));
    private static final Path APP = Path.of(System.getProperty("jlivepatch.app", "target/quote-app-1.jar"));
    private static final Path V2_SOURCES = Path.of(System.getProperty("jlivepatch.v2.sources", "src/test/v2"));
    private static final Path LOGS = Path.of(System.getProperty("jlivepatch.logs", "target/it-logs"));
    private static final String PRICING = "io/jlivepatch/samples/spring/Pricing";
    private static final String V1 = "v1 fig 3 750 list";
    private static final String V2 = "v2 fig 3 600 discount";
    private static final int CLIENTS = 4;
    private static final long BUCKET_NANOS = 250_000_000L;

    @Test
    void aFatJarIsPatchedUnderLoadWithNoFailedOrMixedAnswerAndDisabledBack(@TempDir Path work) throws Exception {
        String redefinitions = scenario(work, "dynamic", List.of());
        // The explanation of the first load's dip (docs/operations.md §6), as HotSpot logs it: the
        // first redefinition by an agent loaded at run time deoptimizes every compiled method,
        // later ones only the methods that depend on the redefined class.
        List<String> marks = redefinitions.lines().filter(l -> l.contains("Marked ")).toList();
        assertTrue(marks.size() >= 2 && marks.get(0).contains("Marked all nmethods for deopt")
                && marks.stream().skip(1).noneMatch(l -> l.contains("Marked all")), marks::toString);
    }

    @Test
    void withTheAgentLoadedAtStartupNoLoadDeoptimizesEverything(@TempDir Path work) throws Exception {
        String redefinitions = scenario(work, "startup-agent",
                List.of("-javaagent:" + AGENT_JAR.toAbsolutePath() + "=log=stderr"));
        List<String> marks = redefinitions.lines().filter(l -> l.contains("Marked ")).toList();
        assertTrue(!marks.isEmpty() && marks.stream().noneMatch(l -> l.contains("Marked all")), marks::toString);
    }

    /**
     * Builds the patch, starts the service with {@code jvmArgs}, and under load: load, disable,
     * load, disable. Returns HotSpot's log of redefinitions ({@code redefine+class+nmethod}).
     */
    private static String scenario(Path work, String label, List<String> jvmArgs) throws Exception {
        assertTrue(Files.isRegularFile(APP), "the spring-boot-maven-plugin writes " + APP);
        Path app2 = nextBuild(work);
        Path patch = work.resolve("fix-quote.jar");
        Cli build = Cli.run("build", "--old", APP.toString(), "--new", app2.toString(), "--name", "fix-quote",
                "-o", patch.toString());
        assertEquals(0, build.exit, build::toString);
        for (String func : List.of("quote", "subtotal", "render")) {
            assertTrue(build.out.contains(func), () -> "the patch replaces Pricing." + func + "\n" + build);
        }
        assertTrue(build.out.matches("(?s).*'fix-quote': \\d+ nested libraries identical in both versions.*")
                && !build.out.contains("note: BOOT-INF/lib/"), build::toString);

        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Files.createDirectories(LOGS);
        Path redefineLog = LOGS.resolve("spring-boot-" + label + "-redefine.log");
        Files.deleteIfExists(redefineLog);
        List<String> command = new ArrayList<>(List.of(java(),
                "-Xlog:redefine+class+nmethod=debug:file=" + redefineLog.toAbsolutePath()));
        command.addAll(jvmArgs);
        command.addAll(List.of("-jar", APP.toAbsolutePath().toString(), "--server.port=" + port,
                "--spring.main.banner-mode=off"));
        Process service = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(LOGS.resolve("spring-boot-" + label + ".log").toFile()).start();
        String pid = Long.toString(service.pid());
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        URI quote = URI.create("http://127.0.0.1:" + port + "/quote?item=fig&qty=3");
        Load load = new Load(http, quote);
        try {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                    .until(() -> V1.equals(get(http, quote)));
            String proxy = get(http, URI.create("http://127.0.0.1:" + port + "/proxy"));
            assertTrue(proxy.startsWith("io.jlivepatch.samples.spring.Pricing$$SpringCGLIB$$"), proxy);

            load.start();
            // Warm up: the dip is about losing compiled code, so there must be some to lose.
            Thread.sleep(5000);
            load.expectOnly(V1, 1500);

            long firstAt = System.nanoTime();
            Cli first = Cli.run("load", pid, patch.toString());
            long firstDone = System.nanoTime();
            assertEquals(0, first.exit, first::toString);
            load.expectOnly(V2, 1500);

            Cli disable = Cli.run("disable", pid, "fix-quote");
            assertEquals(0, disable.exit, disable::toString);
            load.expectOnly(V1, 1500);

            long secondAt = System.nanoTime();
            Cli second = Cli.run("load", pid, patch.toString());
            long secondDone = System.nanoTime();
            assertEquals(0, second.exit, second::toString);
            load.expectOnly(V2, 1500);

            Cli again = Cli.run("disable", pid, "fix-quote");
            assertEquals(0, again.exit, again::toString);
            load.expectOnly(V1, 1000);
            load.stop();

            assertEquals(0, load.failed.get(), () -> "failed requests; first: " + load.firstFailure.get());
            assertEquals(0, load.mixed.get(), () -> "answers of neither version; first: " + load.firstMixed.get());
            assertTrue(load.v1.get() > 0 && load.v2.get() > 0, "both versions answered");
            String report = label + ": " + String.join(" ", jvmArgs) + "\n" + load.report("first load", firstAt, firstDone)
                    + load.report("second load", secondAt, secondDone) + String.format(Locale.ROOT,
                    "requests: v1 %d, v2 %d, failed %d, mixed %d%n", load.v1.get(), load.v2.get(), load.failed.get(),
                    load.mixed.get());
            Files.writeString(LOGS.resolve("spring-boot-" + label + "-dip.txt"), report);
            System.out.println(report);
        } finally {
            load.stop();
            service.destroy();
            if (!service.waitFor(20, TimeUnit.SECONDS)) {
                service.destroyForcibly();
            }
        }
        return Files.readString(redefineLog);
    }

    // ---------------------------------------------------------------------------------------------

    /** Clients that call the service in a loop, count answers by version, and time each request. */
    private static final class Load {
        private final HttpClient http;
        private final URI uri;
        private final List<Thread> threads = new ArrayList<>();
        private volatile boolean running;
        final AtomicLong v1 = new AtomicLong();
        final AtomicLong v2 = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicLong mixed = new AtomicLong();
        final AtomicReference<String> firstFailure = new AtomicReference<>();
        final AtomicReference<String> firstMixed = new AtomicReference<>();
        /** {@link #expectOnly}: the answer every request started from {@link #expectedFrom} must get. */
        private volatile String expected;
        private volatile long expectedFrom = Long.MAX_VALUE;
        final AtomicLong unexpected = new AtomicLong();
        final AtomicLong expectedSeen = new AtomicLong();
        final AtomicReference<String> firstUnexpected = new AtomicReference<>();
        private final long start = System.nanoTime();
        /** Per request: end time and latency, nanoseconds, appended under the lock. */
        private long[] ends = new long[1 << 16];
        private long[] latencies = new long[1 << 16];
        private int count;

        Load(HttpClient http, URI uri) {
            this.http = http;
            this.uri = uri;
        }

        void start() {
            running = true;
            for (int i = 0; i < CLIENTS; i++) {
                Thread t = new Thread(this::loop, "client-" + i);
                t.setDaemon(true);
                threads.add(t);
                t.start();
            }
        }

        private void loop() {
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build();
            while (running) {
                long t0 = System.nanoTime();
                try {
                    HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                    long t1 = System.nanoTime();
                    record(t1, t1 - t0);
                    String want = expected;
                    if (want != null && t0 >= expectedFrom && r.statusCode() == 200) {
                        if (want.equals(r.body())) {
                            expectedSeen.incrementAndGet();
                        } else {
                            unexpected.incrementAndGet();
                            firstUnexpected.compareAndSet(null, r.body() + " (wanted " + want + ")");
                        }
                    }
                    if (r.statusCode() != 200) {
                        failed.incrementAndGet();
                        firstFailure.compareAndSet(null, r.statusCode() + " " + r.body());
                    } else if (V1.equals(r.body())) {
                        v1.incrementAndGet();
                    } else if (V2.equals(r.body())) {
                        v2.incrementAndGet();
                    } else {
                        mixed.incrementAndGet();
                        firstMixed.compareAndSet(null, r.body());
                    }
                } catch (IOException | RuntimeException e) {
                    failed.incrementAndGet();
                    firstFailure.compareAndSet(null, e.toString());
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private synchronized void record(long end, long latency) {
            if (count == ends.length) {
                ends = Arrays.copyOf(ends, count * 2);
                latencies = Arrays.copyOf(latencies, count * 2);
            }
            ends[count] = end;
            latencies[count++] = latency;
        }

        /**
         * Lets the clients run for {@code millis} and checks that every request they started from
         * now on was answered {@code answer}: once load or disable has returned, the transition is
         * complete, and no request that starts later may see the other version.
         */
        void expectOnly(String answer, long millis) throws InterruptedException {
            unexpected.set(0);
            expectedSeen.set(0);
            expected = answer;
            expectedFrom = System.nanoTime();
            Thread.sleep(millis);
            expected = null;
            assertEquals(0, unexpected.get(), () -> "requests started after the command answered another version;"
                    + " first: " + firstUnexpected.get());
            assertTrue(expectedSeen.get() > 0, "the clients made progress");
        }

        void stop() throws InterruptedException {
            running = false;
            for (Thread t : threads) {
                t.join(15_000);
            }
        }

        /** Requests/s and p99 latency in 250 ms buckets from 1 s before the command to 2 s after it returned. */
        synchronized String report(String what, long at, long done) {
            StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                    "%s: command took %d ms; buckets of 250 ms relative to the command's start%n", what,
                    (done - at) / 1_000_000));
            out.append(String.format(Locale.ROOT, "%8s %10s %10s%n", "t(ms)", "req/s", "p99(ms)"));
            long from = at - 4 * BUCKET_NANOS;
            long to = done + 8 * BUCKET_NANOS;
            for (long b = from; b < to; b += BUCKET_NANOS) {
                List<Long> lat = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    if (ends[i] >= b && ends[i] < b + BUCKET_NANOS) {
                        lat.add(latencies[i]);
                    }
                }
                lat.sort(null);
                double p99 = lat.isEmpty() ? 0 : lat.get(Math.min(lat.size() - 1, (int) Math.ceil(lat.size() * 0.99) - 1))
                        / 1e6;
                out.append(String.format(Locale.ROOT, "%8d %10d %10.1f%n", (b - at) / 1_000_000, lat.size() * 4, p99));
            }
            return out.toString();
        }
    }

    /** quote-app-2.jar: quote-app-1.jar with Pricing compiled from src/test/v2, everything else identical. */
    private static Path nextBuild(Path work) throws IOException {
        Path unpacked = work.resolve("app-1");
        List<String> classpath = new ArrayList<>();
        classpath.add(unpacked.resolve("BOOT-INF/classes").toString());
        try (ZipFile zip = new ZipFile(APP.toFile())) {
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements();) {
                ZipEntry entry = e.nextElement();
                if (entry.isDirectory()) {
                    continue;
                }
                Path file = unpacked.resolve(entry.getName());
                Files.createDirectories(file.getParent());
                try (InputStream in = zip.getInputStream(entry)) {
                    Files.copy(in, file);
                }
                if (entry.getName().startsWith("BOOT-INF/lib/")) {
                    classpath.add(file.toString());
                }
            }
        }
        Path classes = Files.createDirectories(work.resolve("v2-classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, "--release", "17", "-parameters", "-classpath",
                String.join(File.pathSeparator, classpath), "-d", classes.toString(),
                V2_SOURCES.resolve(PRICING + ".java").toString());
        assertEquals(0, rc, "javac of version 2");
        byte[] pricing2 = Files.readAllBytes(classes.resolve(PRICING + ".class"));

        Path app2 = work.resolve("quote-app-2.jar");
        try (ZipFile zip = new ZipFile(APP.toFile());
                ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(app2))) {
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements();) {
                ZipEntry entry = e.nextElement();
                boolean replaced = entry.getName().equals("BOOT-INF/classes/" + PRICING + ".class");
                ZipEntry copy = new ZipEntry(entry);
                if (entry.getMethod() == ZipEntry.DEFLATED || replaced) {
                    // Stored entries (the nested jars, which the Boot loader requires stored) keep size and CRC.
                    copy = new ZipEntry(entry.getName());
                    copy.setTime(entry.getTime());
                }
                out.putNextEntry(copy);
                if (replaced) {
                    out.write(pricing2);
                } else {
                    try (InputStream in = zip.getInputStream(entry)) {
                        in.transferTo(out);
                    }
                }
                out.closeEntry();
            }
        }
        return app2;
    }

    private static String get(HttpClient http, URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** One run of the real CLI, {@code java -jar jlivepatch-agent.jar <args>}. */
    private record Cli(int exit, String out, String err) {
        static Cli run(String... args) throws Exception {
            List<String> command = new ArrayList<>(List.of(java(), "-jar", AGENT_JAR.toAbsolutePath().toString()));
            command.addAll(List.of(args));
            Path out = Files.createTempFile("cli-", ".out");
            Path err = Files.createTempFile("cli-", ".err");
            try {
                Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                if (!p.waitFor(120, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError("did not finish: " + command);
                }
                return new Cli(p.exitValue(), Files.readString(out), Files.readString(err));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }
}
