package io.jlivepatch.benchmarks.startup;

import com.sun.tools.attach.VirtualMachine;
import io.jlivepatch.benchmarks.support.Stats;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * runtime, building the engine, loading ASM, weaving, the first retransform.
 *
 * <pre>
 *   java -cp jlivepatch-benchmarks.jar io.jlivepatch.benchmarks.startup.FirstTransitionHarness \
 *       --agent AGENT_JAR --samples SAMPLES_CLASSES --patch PATCH_JAR --name PATCH_NAME [--rounds N]
 * </pre>
 *
 * <p>Thread-safety: a command-line program; not for concurrent use.
 */
public final class FirstTransitionHarness {

    private FirstTransitionHarness() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        int rounds = Integer.parseInt(options.getOrDefault("--rounds", "10"));
        String java = options.getOrDefault("--java", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Path agent = Path.of(options.get("--agent")).toAbsolutePath();
        Path patch = Path.of(options.get("--patch")).toAbsolutePath();
        String name = options.get("--name");
        List<String> extra = options.containsKey("--agent-options") ? List.of(options.get("--agent-options")) : List.of();
        List<Double> first = new ArrayList<>();
        List<Double> disable = new ArrayList<>();
        List<Double> second = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            List<String> command = new ArrayList<>(List.of(java, "-javaagent:" + agent + String.join("", extra),
                    "-cp", options.get("--samples"), "io.jlivepatch.samples.demo.ShopService"));
            Process service = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(service.getInputStream(),
                        StandardCharsets.UTF_8));
                String ready = out.readLine();
                if (ready == null || !ready.startsWith("listening on")) {
                    throw new IllegalStateException("the service did not start: " + ready);
                }
                Path socket = Path.of("/tmp", ".jlivepatch-" + service.pid(), "commands");
                long deadline = System.nanoTime() + 30_000_000_000L;
                while (!Files.exists(socket)) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("no command socket at " + socket);
                    }
                    Thread.sleep(5);
                }
                // One request, so that the patched class (Pricing) is loaded and the transition has work.
                String port = ready.substring(ready.lastIndexOf(':') + 1).trim();
                try (var in = new java.net.URL("http://127.0.0.1:" + port + "/quote?item=apple&qty=12").openStream()) {
                    in.readAllBytes();
                }
                Thread.sleep(500); // let the service's own startup settle: measure the patch, not the JIT of main
                VirtualMachine vm = VirtualMachine.attach(Long.toString(service.pid()));
                try {
                    first.add(timed(vm, socket, "command=load,patch=" + patch + ",id=r" + round + "a", name, true));
                    disable.add(timed(vm, socket, "command=disable,name=" + name + ",id=r" + round + "b", name, false));
                    second.add(timed(vm, socket, "command=load,patch=" + patch + ",id=r" + round + "c", name, true));
                } finally {
                    vm.detach();
                }
            } finally {
                service.getOutputStream().close();
                service.waitFor();
            }
        }
        System.out.println("| transition (fresh JVM, agent at startup, demo service) | median ms | min | max |");
        System.out.println("|---|---:|---:|---:|");
        row("first load (cold: runtime, engine, ASM, weave)", first);
        row("disable", disable);
        row("second load (warm)", second);
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
