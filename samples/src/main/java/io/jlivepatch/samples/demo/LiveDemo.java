package io.jlivepatch.samples.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The live demo ({@code ./jlivepatch demo}): starts {@link ShopService} in a child JVM, puts it
 * under a bounded load on loopback, and hotfixes it with the real CLI by dynamic attach: patch A,
 * then the cumulative patch B, which replaces A atomically, then disables B. It prints what the
 * service answered over time, each operation's messages, the requests served and failed, and the
 * calls that mixed versions; it writes the timeline as an SVG picture, and exits non-zero if any
 * request failed, any answer mixed versions, or a phase answered with the wrong version.
 *
 * <pre>
 *   java -cp samples/target/classes io.jlivepatch.samples.demo.LiveDemo \
 *       --agent agent/target/jlivepatch-agent.jar --patches samples/target/patches [--fast] [--svg FILE]
 * </pre>
 *
 * <p>It stops every process it started, also when it fails.
 */
public final class LiveDemo {

    private static final int CLIENTS = 3;
    private static final long MAX_REQUESTS = 5_000_000;

    private final Path agentJar;
    private final Path patches;
    private final boolean fast;
    private final Path svg;

    private LiveDemo(Path agentJar, Path patches, boolean fast, Path svg) {
        this.agentJar = agentJar;
        this.patches = patches;
        this.fast = fast;
        this.svg = svg;
    }

    public static void main(String[] args) throws Exception {
        Path agent = null;
        Path patches = null;
        Path svg = Path.of("target", "jlivepatch-demo.svg");
        boolean fast = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--agent" -> agent = Path.of(args[++i]);
                case "--patches" -> patches = Path.of(args[++i]);
                case "--svg" -> svg = Path.of(args[++i]);
                case "--fast" -> fast = true;
                default -> {
                    System.err.println("usage: LiveDemo --agent <jlivepatch-agent.jar> --patches <dir> [--fast] [--svg <file>]");
                    System.exit(2);
                }
            }
        }
        if (agent == null || patches == null) {
            System.err.println("usage: LiveDemo --agent <jlivepatch-agent.jar> --patches <dir> [--fast] [--svg <file>]");
            System.exit(2);
        }
        System.exit(new LiveDemo(agent, patches, fast, svg).run());
    }

    private int run() throws Exception {
        double phase = fast ? 1.5 : 3.0;
        Timeline timeline = new Timeline(phase * 4 + 30);
        System.out.println("jlivepatch demo: a shop service under load gets two hotfixes and loses one, without a restart.");
        Process service = startService();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> clients = new ArrayList<>();
        List<double[]> phases = new ArrayList<>();
        try {
            int port = awaitPort(service);
            System.out.printf("service: pid %d, http://127.0.0.1:%d/quote?item=%s&qty=%d%n", service.pid(), port,
                    Answer.ITEM, Answer.QTY);
            for (int i = 0; i < CLIENTS; i++) {
                clients.add(startClient(port, timeline, stop));
            }
            Printer printer = new Printer(timeline);
            printer.start();
            double phaseStart = 0;
            sleep(phase);
            phases.add(new double[] {phaseStart, timeline.elapsedSeconds()});
            String pid = Long.toString(service.pid());
            List<String[]> operations = List.of(
                    new String[] {"load A", "load", pid, patches.resolve("fix-discount.jar").toString()},
                    new String[] {"load B (replace)", "load", pid, patches.resolve("fix-rounding.jar").toString()},
                    new String[] {"disable B", "disable", pid, "fix-rounding"});
            for (String[] op : operations) {
                timeline.mark(op[0]);
                int exit = cli(op);
                if (exit != 0) {
                    System.out.println("demo: '" + String.join(" ", List.of(op).subList(1, op.length))
                            + "' failed with exit code " + exit);
                    return 1;
                }
                phaseStart = timeline.elapsedSeconds();
                sleep(phase);
                phases.add(new double[] {phaseStart, timeline.elapsedSeconds()});
            }
            printer.interrupt();
            printer.join(2000);
        } finally {
            stop.set(true);
            for (Thread client : clients) {
                client.join(5000);
            }
            stopService(service);
        }
        return report(timeline, phases);
    }

    private int report(Timeline timeline, List<double[]> phases) throws IOException {
        Map<Answer, Long> all = timeline.total(0, timeline.used());
        long served = all.values().stream().mapToLong(Long::longValue).sum() - all.get(Answer.FAILED);
        System.out.println();
        System.out.printf("requests served: %d, failed: %d, mixed versions: %d%n", served, all.get(Answer.FAILED),
                all.get(Answer.MIXED));
        Answer[] expected = {Answer.ORIGINAL, Answer.A, Answer.B, Answer.ORIGINAL};
        boolean ok = all.get(Answer.FAILED) == 0 && all.get(Answer.MIXED) == 0;
        for (int i = 0; i < phases.size(); i++) {
            // Whole slots only: a slot that straddles an operation may hold both versions.
            int from = (int) Math.ceil(phases.get(i)[0] * 1e9 / Timeline.SLOT_NANOS);
            int to = (int) Math.floor(phases.get(i)[1] * 1e9 / Timeline.SLOT_NANOS);
            Map<Answer, Long> counts = timeline.total(from, to);
            long total = counts.values().stream().mapToLong(Long::longValue).sum();
            long right = counts.get(expected[i]);
            boolean phaseOk = total > 0 && right == total;
            ok &= phaseOk;
            System.out.printf("phase %d (%.1fs-%.1fs): expected %s, got %d of %d%s%n", i + 1, phases.get(i)[0],
                    phases.get(i)[1], expected[i].label, right, total, phaseOk ? "" : "  <-- WRONG");
        }
        Files.createDirectories(svg.toAbsolutePath().getParent());
        Files.writeString(svg, TimelineSvg.draw(timeline, "jlivepatch demo: which version answered, over time"));
        System.out.println("timeline picture: " + svg.toAbsolutePath());
        System.out.println(ok ? "demo: OK" : "demo: FAILED");
        return ok ? 0 : 1;
    }

    private Process startService() throws IOException {
        String classes = Path.of(URI.create(LiveDemo.class.getProtectionDomain().getCodeSource().getLocation().toString()))
                .toString();
        // nodelay: without it, small responses wait ~40 ms for a delayed ACK (Nagle), and the load
        // generator measures TCP rather than the service.
        return new ProcessBuilder(java(), "-Xshare:auto", "-Dsun.net.httpserver.nodelay=true", "-cp", classes,
                ShopService.class.getName())
                .redirectErrorStream(true).start();
    }

    private static int awaitPort(Process service) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(service.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null || !line.startsWith("listening on 127.0.0.1:")) {
            throw new IOException("the service did not start: " + line);
        }
        Thread drain = new Thread(() -> {
            try {
                while (out.readLine() != null) {
                    // the service's own output is not part of the demo
                }
            } catch (IOException ended) {
                // gone
            }
        }, "service-output");
        drain.setDaemon(true);
        drain.start();
        return Integer.parseInt(line.substring(line.lastIndexOf(':') + 1).trim());
    }

    private static void stopService(Process service) throws InterruptedException {
        try {
            service.getOutputStream().close();
        } catch (IOException ignored) {
            // already gone
        }
        if (!service.waitFor(5, TimeUnit.SECONDS)) {
            service.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    private static Thread startClient(int port, Timeline timeline, AtomicBoolean stop) {
        URI uri = URI.create("http://127.0.0.1:" + port + "/quote?item=" + Answer.ITEM + "&qty=" + Answer.QTY);
        Thread client = new Thread(() -> {
            for (long n = 0; n < MAX_REQUESTS && !stop.get(); n++) {
                timeline.record(request(uri));
            }
        }, "demo-client");
        client.setDaemon(true);
        client.start();
        return client;
    }

    private static Answer request(URI uri) {
        try {
            HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
            connection.setConnectTimeout(2000);
            connection.setReadTimeout(2000);
            if (connection.getResponseCode() != 200) {
                return Answer.FAILED;
            }
            try (InputStream in = connection.getInputStream()) {
                return Answer.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            return Answer.FAILED;
        }
    }

    /** Runs one CLI command ({@code java -jar jlivepatch-agent.jar ...}), echoing its output indented. */
    private int cli(String[] op) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(java(), "-jar", agentJar.toString()));
        command.addAll(List.of(op).subList(1, op.length));
        System.out.println();
        System.out.println("$ jlivepatch " + String.join(" ", List.of(op).subList(1, op.length)));
        Process cli = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(cli.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                System.out.println("  " + line);
            }
        }
        if (!cli.waitFor(120, TimeUnit.SECONDS)) {
            cli.destroyForcibly();
            return 124;
        }
        return cli.exitValue();
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static void sleep(double seconds) throws InterruptedException {
        Thread.sleep((long) (seconds * 1000));
    }

    /** Prints one line per second: what answered in that second. */
    private static final class Printer extends Thread {
        private final Timeline timeline;

        Printer(Timeline timeline) {
            super("demo-printer");
            setDaemon(true);
            this.timeline = timeline;
        }

        @Override
        public void run() {
            int perSecond = (int) (1_000_000_000L / Timeline.SLOT_NANOS);
            try {
                for (int second = 1; ; second++) {
                    Thread.sleep(1000);
                    Map<Answer, Long> c = timeline.total((second - 1) * perSecond, second * perSecond);
                    System.out.printf("t=%2ds  original %6d   A %6d   B %6d   failed %d   mixed %d%n", second,
                            c.get(Answer.ORIGINAL), c.get(Answer.A), c.get(Answer.B), c.get(Answer.FAILED),
                            c.get(Answer.MIXED));
                }
            } catch (InterruptedException done) {
                // the demo is over
            }
        }
    }
}
