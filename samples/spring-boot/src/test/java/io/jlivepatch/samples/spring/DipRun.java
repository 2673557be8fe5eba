package io.jlivepatch.samples.spring;

import java.io.IOException;
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
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A measurement, run by hand (not a test): the throughput dip around the first and a later
 * {@code jlivepatch load} into the Spring Boot sample, with the agent attached by the first load or
 * loaded at startup. Per round: a fresh service with {@code -XX:+PrintCompilation}, 4 HTTP clients,
 * 15 s of warm-up, then load, disable, load, disable, 4 s apart. For each load it prints the
 * requests/s of the 2 s before the command, of the 2 s from its start, the worst 250 ms bucket and
 * its p99, and how many compiled methods HotSpot made not entrant within the command (+1 s).
 *
 * <pre>java -cp samples/spring-boot/target/test-classes io.jlivepatch.samples.spring.DipRun \
 *     agent/target/jlivepatch-agent.jar samples/spring-boot/target/quote-app-1.jar fix-quote.jar 3 [startup]</pre>
 * (the patch jar: as {@code SpringBootIT} builds it).
 */
public final class DipRun {

    private static final long BUCKET = 250_000_000L;

    private DipRun() {}

    public static void main(String[] args) throws Exception {
        Path agent = Path.of(args[0]).toAbsolutePath();
        Path app = Path.of(args[1]).toAbsolutePath();
        Path patch = Path.of(args[2]).toAbsolutePath();
        int rounds = Integer.parseInt(args[3]);
        boolean startup = args.length > 4 && args[4].equals("startup");
        System.out.println((startup ? "agent at startup" : "agent attached by the first load")
                + "; columns: before req/s | 0-2 s req/s | worst 250 ms req/s (p99 ms) | made not entrant | command ms");
        for (int r = 1; r <= rounds; r++) {
            round(r, agent, app, patch, startup);
        }
    }

    private static void round(int round, Path agent, Path app, Path patch, boolean startup) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path log = Files.createTempFile("dip-", ".log");
        List<String> command = new ArrayList<>(List.of(java(), "-XX:+PrintCompilation"));
        if (startup) {
            command.add("-javaagent:" + agent);
        }
        command.addAll(List.of("-jar", app.toString(), "--server.port=" + port, "--spring.main.banner-mode=off",
                "--logging.level.root=WARN"));
        Process service = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Clients clients = new Clients(URI.create("http://127.0.0.1:" + port + "/quote?item=fig&qty=3"));
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!clients.ready()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("service did not start");
                }
                Thread.sleep(250);
            }
            clients.start();
            Thread.sleep(15_000);
            String pid = Long.toString(service.pid());
            String first = measure(clients, log, agent, "load", pid, patch.toString());
            Thread.sleep(4000);
            cli(agent, "disable", pid, "fix-quote");
            Thread.sleep(4000);
            String second = measure(clients, log, agent, "load", pid, patch.toString());
            Thread.sleep(4000);
            cli(agent, "disable", pid, "fix-quote");
            clients.stop();
            System.out.println("round " + round + " first load:  " + first);
            System.out.println("round " + round + " second load: " + second);
            System.out.println("round " + round + " failed " + clients.failed);
        } finally {
            clients.stop();
            service.destroy();
            service.waitFor(20, TimeUnit.SECONDS);
            Files.deleteIfExists(log);
        }
    }

    private static String measure(Clients clients, Path log, Path agent, String... args) throws Exception {
        long notEntrantBefore = notEntrant(log);
        long start = System.nanoTime();
        cli(agent, args);
        long end = System.nanoTime();
        Thread.sleep(2100);
        long notEntrantAfter = notEntrant(log);
        Thread.sleep(100);
        double before = clients.rate(start - 2 * 4 * BUCKET, start);
        double during = clients.rate(start, start + 8 * BUCKET);
        double worst = Double.MAX_VALUE;
        double worstP99 = 0;
        for (long b = start; b < start + 8 * BUCKET; b += BUCKET) {
            double rate = clients.rate(b, b + BUCKET);
            if (rate < worst) {
                worst = rate;
                worstP99 = clients.p99(b, b + BUCKET);
            }
        }
        return String.format(Locale.ROOT, "%6.0f | %6.0f | %6.0f (%5.0f) | %6d | %5d", before, during, worst, worstP99,
                notEntrantAfter - notEntrantBefore, (end - start) / 1_000_000);
    }

    private static long notEntrant(Path log) throws IOException {
        try (var lines = Files.lines(log)) {
            return lines.filter(l -> l.contains("made not entrant")).count();
        }
    }

    private static void cli(Path agent, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(java(), "-jar", agent.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("jlivepatch " + String.join(" ", args) + " failed");
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Four clients in a loop; request end times and latencies. */
    private static final class Clients {
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        private final URI uri;
        private final List<Thread> threads = new ArrayList<>();
        private volatile boolean running;
        private long[] ends = new long[1 << 16];
        private long[] latencies = new long[1 << 16];
        private int count;
        private long failed;

        Clients(URI uri) {
            this.uri = uri;
        }

        boolean ready() {
            try {
                return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString())
                        .statusCode() == 200;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        void start() {
            running = true;
            for (int i = 0; i < 4; i++) {
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
                    int status = http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
                    long t1 = System.nanoTime();
                    record(t1, t1 - t0, status == 200);
                } catch (IOException e) {
                    record(System.nanoTime(), 0, false);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private synchronized void record(long end, long latency, boolean ok) {
            if (!ok) {
                failed++;
                return;
            }
            if (count == ends.length) {
                ends = Arrays.copyOf(ends, count * 2);
                latencies = Arrays.copyOf(latencies, count * 2);
            }
            ends[count] = end;
            latencies[count++] = latency;
        }

        synchronized double rate(long from, long to) {
            int n = 0;
            for (int i = 0; i < count; i++) {
                if (ends[i] >= from && ends[i] < to) {
                    n++;
                }
            }
            return n * 1e9 / (to - from);
        }

        synchronized double p99(long from, long to) {
            List<Long> lat = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                if (ends[i] >= from && ends[i] < to) {
                    lat.add(latencies[i]);
                }
            }
            if (lat.isEmpty()) {
                return 0;
            }
            lat.sort(null);
            return lat.get(Math.min(lat.size() - 1, (int) Math.ceil(lat.size() * 0.99) - 1)) / 1e6;
        }

        void stop() throws InterruptedException {
            running = false;
            for (Thread t : threads) {
                t.join(15_000);
            }
        }
    }
}
