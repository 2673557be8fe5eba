package io.jlivepatch.benchmarks.startup;

import com.sun.tools.attach.VirtualMachine;
import io.jlivepatch.benchmarks.support.Stats;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.URL;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The latency of a patch's first transition in a JVM whose agent came with {@code -javaagent} and had
 * no work yet, against the next ones: each round starts a fresh demo service ({@code ShopService}),
 * answers one request (so the patched class is loaded), then sends {@code load}, {@code disable},
 * {@code load} of one small patch over the agent's command
 * socket, and for each measures from sending the command until the agent's status (read through the
 * Attach API, as the CLI does) shows the patch enabled (or gone) with no transition left.
 *
 * <p>The first load includes everything the dormant agent defers to its first work: defining the
 * runtime, building the engine, loading ASM, weaving, the first retransform. With {@code --via cli}
 * the three commands are run by the real CLI ({@code java -jar AGENT_JAR load|disable}) and the
 * wall time of each is measured: that CLI announces the patch on the socket before it reads the jar and attaches, so
 * the agent warms up meanwhile. Over the socket it also measures the channel alone: a command the
 * agent refuses at once, sent over the socket and with {@code loadAgent}. {@code --compare} runs a
 * second agent jar (an older build, say) in the same rounds, alternating which goes first.
 *
 * <pre>
 *   java -cp jlivepatch-benchmarks.jar io.jlivepatch.benchmarks.startup.FirstTransitionHarness \
 *       --agent AGENT_JAR --samples SAMPLES_CLASSES --patch PATCH_JAR --name PATCH_NAME [--rounds N]
 *       [--via socket|cli [--compare OTHER_AGENT_JAR]]
 * </pre>
 *
 * <p>Thread-safety: a command-line program; not for concurrent use.
 */
public final class FirstTransitionHarness {

    private FirstTransitionHarness() {}

    /** The samples of one agent jar. */
    private static final class Results {
        final List<Double> first = new ArrayList<>();
        final List<Double> disable = new ArrayList<>();
        final List<Double> second = new ArrayList<>();
        final List<Double> socketTrip = new ArrayList<>();
        final List<Double> attachTrip = new ArrayList<>();
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        int rounds = Integer.parseInt(options.getOrDefault("--rounds", "10"));
        String java = options.getOrDefault("--java", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        boolean viaCli = options.getOrDefault("--via", "socket").equals("cli");
        Map<Path, Results> results = new LinkedHashMap<>();
        results.put(Path.of(options.get("--agent")).toAbsolutePath(), new Results());
        if (options.containsKey("--compare")) {
            if (!viaCli) {
                throw new IllegalArgumentException("--compare needs --via cli (an older agent has no command socket)");
            }
            results.put(Path.of(options.get("--compare")).toAbsolutePath(), new Results());
        }
        Path patch = Path.of(options.get("--patch")).toAbsolutePath();
        String name = options.get("--name");
        for (int round = 0; round < rounds; round++) {
            List<Path> agents = new ArrayList<>(results.keySet());
            if (round % 2 == 1) {
                Collections.reverse(agents); // alternate which agent goes first
            }
            for (Path agent : agents) {
                round(java, agent, options.get("--samples"), patch, name, viaCli, round, results.get(agent));
            }
        }
        String via = viaCli ? "CLI wall time, `java -jar` included" : "over the command socket, until the status shows it";
        for (Map.Entry<Path, Results> e : results.entrySet()) {
            Results r = e.getValue();
            System.out.println();
            System.out.println("agent: " + e.getKey());
            System.out.println("| " + rounds + " fresh demo services, agent at startup; " + via + " | median ms | min | max |");
            System.out.println("|---|---:|---:|---:|");
            row("first load (cold: runtime, engine, ASM, weave)", r.first);
            row("disable", r.disable);
            row("second load (warm)", r.second);
            if (!viaCli) {
                row("a command refused at once, over the command socket (round trip)", r.socketTrip);
                row("the same command with `loadAgent` (round trip)", r.attachTrip);
            }
        }
    }

    private static void round(String java, Path agent, String samples, Path patch, String name, boolean viaCli,
                              int round, Results r) throws Exception {
        List<String> command = List.of(java, "-javaagent:" + agent, "-cp", samples,
                "io.jlivepatch.samples.demo.ShopService");
        Process service = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(service.getInputStream(),
                    StandardCharsets.UTF_8));
            String ready = out.readLine();
            if (ready == null || !ready.startsWith("listening on")) {
                throw new IllegalStateException("the service did not start: " + ready);
            }
            // One request, so that the patched class (Pricing) is loaded and the transition has work.
            String port = ready.substring(ready.lastIndexOf(':') + 1).trim();
            try (InputStream in = new URL("http://127.0.0.1:" + port + "/quote?item=apple&qty=12").openStream()) {
                in.readAllBytes();
            }
            Thread.sleep(500); // let the service's own startup settle: measure the patch, not the JIT of main
            String pid = Long.toString(service.pid());
            if (viaCli) {
                r.first.add(cli(java, agent, "load", pid, patch.toString()));
                r.disable.add(cli(java, agent, "disable", pid, name));
                r.second.add(cli(java, agent, "load", pid, patch.toString()));
                return;
            }
            Path socket = Path.of("/tmp", ".jlivepatch-" + pid, "commands");
            if (!Files.exists(socket)) {
                throw new IllegalStateException("no command socket at " + socket);
            }
            VirtualMachine vm = VirtualMachine.attach(pid);
            try {
                r.first.add(timed(vm, socket, "command=load,patch=" + patch + ",id=r" + round + "a", name, true));
                r.disable.add(timed(vm, socket, "command=disable,name=" + name + ",id=r" + round + "b", name, false));
                r.second.add(timed(vm, socket, "command=load,patch=" + patch + ",id=r" + round + "c", name, true));
                // The channel alone: a command refused at once (no such patch), both ways, warm.
                for (int i = 0; i < 6; i++) {
                    String nothing = "command=force,name=no-such-patch,id=r" + round + "n" + i;
                    long t0 = System.nanoTime();
                    send(socket, nothing);
                    long t1 = System.nanoTime();
                    vm.loadAgent(agent.toString(), nothing + "x");
                    long t2 = System.nanoTime();
                    if (i > 0) {
                        r.socketTrip.add((t1 - t0) / 1e6);
                        r.attachTrip.add((t2 - t1) / 1e6);
                    }
                }
            } finally {
                vm.detach();
            }
        } finally {
            service.getOutputStream().close();
            service.waitFor();
        }
    }

    /** Wall time of one CLI command; it must succeed. */
    private static double cli(String java, Path agent, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(java, "-jar", agent.toString()));
        command.addAll(List.of(args));
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", args) + " failed: " + output);
        }
        return (System.nanoTime() - start) / 1e6;
    }

    private static void row(String what, List<Double> ms) {
        System.out.println("| " + what + " | " + fmt(Stats.median(ms)) + " | " + fmt(Stats.min(ms)) + " | "
                + fmt(Stats.max(ms)) + " |");
    }

    /** Sends one command and returns the milliseconds until the status shows it done. */
    private static double timed(VirtualMachine vm, Path socket, String request, String name, boolean enabled)
            throws IOException, InterruptedException {
        long start = System.nanoTime();
        String reply = send(socket, request);
        if (!reply.contains("\"ok\":true")) {
            throw new IllegalStateException(request + " refused: " + reply);
        }
        while (true) {
            String status = vm.getAgentProperties().getProperty("jlivepatch.status", "");
            boolean present = status.contains("\"name\":\"" + name + "\"");
            if (status.contains("\"transition\":null") && present == enabled) {
                return (System.nanoTime() - start) / 1e6;
            }
            Thread.sleep(1);
        }
    }

    private static String send(Path socket, String request) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.write(ByteBuffer.wrap((request + "\n").getBytes(StandardCharsets.UTF_8)));
            channel.shutdownOutput();
            ByteBuffer buffer = ByteBuffer.allocate(65536);
            while (channel.read(buffer) >= 0) {
                // until the agent closes
            }
            return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
        }
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
