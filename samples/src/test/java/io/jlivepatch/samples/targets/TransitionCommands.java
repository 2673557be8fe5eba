package io.jlivepatch.samples.targets;

import io.jlivepatch.agent.boot.Boot;
import io.jlivepatch.core.reader.PatchJarReader;
import io.jlivepatch.core.registry.Livepatch;
import io.jlivepatch.core.registry.PatchStatus;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.TreeSet;

/**
 * The console's commands of the consistency-model and atomic-replace tests (issues 3 and 4). A
 * command set of {@link TargetMain}, reached through {@link AgentCommands}. Every wait has a timeout;
 * every thread started here is a daemon, named after its role, so that a test can see it in a thread
 * listing.
 *
 * <ul>
 *   <li>{@code load_lp <jar>}, {@code disable_lp <name>}: enable or disable, then wait until the
 *       transition is over (the selftests' {@code load_lp} and {@code disable_lp}), so that the
 *       answer follows the transition's messages.</li>
 *   <li>{@code status <name>}: the patch's sysfs-like attributes.</li>
 *   <li>{@code tcall <f1|f2|f3|version|getpid|probe>}: calls a target method of these tests.</li>
 *   <li>{@code await_remaining <n>}: waits until the transition has {@code n} threads left, then
 *       answers like {@code transition}.</li>
 *   <li>{@code busy start [n]}, {@code busy release}: threads parked inside {@link Busy#work}.</li>
 *   <li>{@code hammer start <n>|wait|stop}: threads calling {@link Syscall#getpid} in a loop.</li>
 *   <li>{@code pool start <n>|stop}: an {@link java.util.concurrent.ExecutorService} whose threads call
 *       {@link Busy#version} in a loop.</li>
 *   <li>{@code doomed start <n>|end}: threads that idle, then call {@link Busy#version} once and
 *       die.</li>
 *   <li>{@code churn <n>}: {@code n} short-lived threads, each calling {@link Busy#version};
 *       {@code churn gc}: how many of them are still reachable after full collections (a
 *       transition that kept its per-thread table would keep them).</li>
 *   <li>{@code threads <text>}: live threads whose name contains the text.</li>
 *   <li>{@code sleep <ms>}.</li>
 *   <li>{@code probe keep|gc}: weak references to the classes {@link Probe#who} answers with.</li>
 *   <li>{@code bytes <class>}: whether the class bytes the JVM holds are the original class file
 *       (needs {@link RecordingAgent}).</li>
 * </ul>
 *
 * <p>The workers live in {@link TransitionWorkers}, {@link Hammer} and {@link ClassProbes}.
 *
 * <p>Thread-safety: called from the console's one thread; the worker sets synchronize themselves.
 */
final class TransitionCommands {

    private TransitionCommands() {}

    static String run(String command, String arg) throws Exception {
        Livepatch livepatch = Boot.livepatch();
        String[] words = arg.isEmpty() ? new String[0] : arg.split(" ");
        switch (command) {
            case "load_lp":
                livepatch.enable(PatchJarReader.read(Path.of(arg)));
                return awaitIdle(livepatch);
            case "disable_lp":
                livepatch.disable(arg);
                return awaitIdle(livepatch);
            case "status":
                return status(livepatch, arg);
            case "tcall":
                return arg + " = " + tcall(arg);
            case "await_remaining":
                return awaitRemaining(livepatch, Integer.parseInt(arg));
            case "busy":
                return words[0].equals("start")
                        ? TransitionWorkers.startBusy(words.length > 1 ? Integer.parseInt(words[1]) : 1)
                        : TransitionWorkers.releaseBusy();
            case "hammer":
                return Hammer.run(words[0], words.length > 1 ? Integer.parseInt(words[1]) : 0);
            case "pool":
                return words[0].equals("start") ? TransitionWorkers.startPool(Integer.parseInt(words[1]))
                        : TransitionWorkers.stopPool();
            case "doomed":
                return words[0].equals("start") ? TransitionWorkers.startDoomed(Integer.parseInt(words[1]))
                        : TransitionWorkers.endDoomed();
            case "churn":
                return arg.equals("gc") ? TransitionWorkers.churnedReachable()
                        : TransitionWorkers.churn(Integer.parseInt(arg));
            case "threads":
                return threads(arg);
            case "sleep":
                Thread.sleep(Long.parseLong(arg));
                return "slept " + arg;
            case "probe":
                return words[0].equals("keep") ? ClassProbes.keep() : ClassProbes.gc();
            case "bytes":
                return bytes(Class.forName(arg));
            default:
                throw new IllegalArgumentException("unknown command " + command);
        }
    }

    private static String awaitIdle(Livepatch livepatch) throws InterruptedException {
        long deadline = System.nanoTime() + Daemons.WAIT_MILLIS * 1_000_000;
        while (livepatch.isInTransition() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        return livepatch.isInTransition() ? "still in transition: " + livepatch.transition() : "ok";
    }

    private static String awaitRemaining(Livepatch livepatch, int n) throws Exception {
        long deadline = System.nanoTime() + Daemons.WAIT_MILLIS * 1_000_000;
        while (System.nanoTime() < deadline) {
            var t = livepatch.transition();
            if (t == null || (t.remaining() == n && t.blockers().size() == n)) {
                break;
            }
            Thread.sleep(5);
        }
        return AgentCommands.run("transition", "");
    }

    private static String status(Livepatch livepatch, String name) {
        for (PatchStatus p : livepatch.patches()) {
            if (p.name().equals(name)) {
                return "enabled=" + bit(p.enabled()) + " replace=" + bit(p.replace()) + " stack_order=" + p.stackOrder()
                        + " transition=" + bit(p.transition()) + " forced=" + bit(p.forced());
            }
        }
        return "no patch " + name;
    }

    private static int bit(boolean b) {
        return b ? 1 : 0;
    }

    private static Object tcall(String name) {
        switch (name) {
            case "f1":
                return SeedOne.f1();
            case "f2":
                return SeedTwo.f2();
            case "f3":
                return SeedTwo.f3();
            case "version":
                return Busy.version();
            case "getpid":
                return Syscall.getpid().replaceAll("[0-9]+$", "<pid>");
            default:
                throw new IllegalArgumentException("no call " + name);
        }
    }

    private static String threads(String text) {
        TreeSet<String> names = new TreeSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().contains(text)) {
                names.add(t.getName());
            }
        }
        return names.isEmpty() ? "none" : String.join(", ", names);
    }

    private static String bytes(Class<?> c) throws Exception {
        byte[] held = RecordingAgent.capture(c);
        byte[] original;
        try (InputStream in = c.getResourceAsStream("/" + c.getName().replace('.', '/') + ".class")) {
            original = in.readAllBytes();
        }
        return c.getSimpleName() + (Arrays.equals(held, original) ? " bytes are the original class file"
                : " bytes differ from the original class file");
    }
}
