package io.jlivepatch.samples.targets;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;

/**
 * The forked target of the CLI tests: a console like {@link TargetMain}'s (a {@code % command}
 * echo, then one {@code test: } answer line), under its own main class name so that tests can name
 * it by a main-class substring without matching other suites' targets. It never touches an agent
 * class: everything about the agent is read from the platform MBeanServer, which is how an operator
 * would see it, or by reflection.
 *
 * <p>Commands: {@code call greet|late|hold}, {@code hold} (a thread "holder" enters
 * {@code Holder.hold()} and stays), {@code release}, {@code vhold} and {@code vrelease} (virtual
 * threads held in {@link VirtualChain}, JDK 21+: {@link VirtualHolders}), {@code mbean <patch>} (its attributes, or
 * {@code absent}), {@code mbean-global}, {@code mbean-op <patch> <operation>}, {@code agent-id}
 * (identity of the running engine, or {@code none}), {@code jfr-start}, {@code jfr-dump <file>}.
 */
public final class CliTarget {

    private static final Map<String, Callable<Object>> CALLS = Map.of(
            "greet", () -> new Greeter().greet("world"),
            "late", () -> new Late().version(),
            "vchain", VirtualChain::f);

    private static Thread holder;
    private static String held;
    private static Object recording;

    private CliTarget() {}

    public static void main(String[] args) throws Exception {
        System.out.println("test: ready " + ProcessHandle.current().pid());
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            line = line.trim();
            if (line.isEmpty()) {
                continue;
            }
            System.out.println("% " + line);
            if (line.equals("quit")) {
                System.out.println("test: bye");
                return;
            }
            String answer;
            try {
                answer = answer(line.split(" "));
            } catch (Throwable t) {
                answer = "error: " + t;
            }
            System.out.println("test: " + answer);
        }
    }

    private static String answer(String[] words) throws Exception {
        switch (words[0]) {
            case "call":
                return words[1] + " = " + CALLS.get(words[1]).call();
            case "hold":
                return hold();
            case "release":
                return release();
            case "vhold":
                return VirtualHolders.hold();
            case "vrelease":
                return VirtualHolders.release();
            case "mbean":
                return mbean(words[1]);
            case "mbean-global":
                return mbeanGlobal();
            case "mbean-op":
                server().invoke(patchName(words[1]), words[2], new Object[0], new String[0]);
                return "invoked " + words[2];
            case "agent-id":
                return agentId();
            case "jfr-start":
                return JfrControl.start();
            case "jfr-dump":
                return JfrControl.dump(words[1]);
            default:
                throw new IllegalArgumentException("unknown command " + words[0]);
        }
    }

    private static synchronized String hold() throws InterruptedException {
        holder = new Thread(() -> held = Holder.hold(), "holder");
        holder.setDaemon(true);
        holder.start();
        return Holder.awaitInside() ? "holding" : "did not enter";
    }

    private static synchronized String release() throws InterruptedException {
        if (holder == null) {
            return "nothing held";
        }
        Holder.release();
        holder.join(10_000);
        holder = null;
        return "released " + held;
    }

    private static MBeanServer server() {
        return ManagementFactory.getPlatformMBeanServer();
    }

    private static ObjectName patchName(String patch) throws Exception {
        return new ObjectName("io.jlivepatch:type=Patch,name=" + patch);
    }

    /** {@code Enabled=.. Transition=.. Replace=.. Forced=.. StackOrder=.. Sha256=.. Objects=[class loaded patched [funcs]]}. */
    private static String mbean(String patch) throws Exception {
        ObjectName name = patchName(patch);
        if (!server().isRegistered(name)) {
            return "absent";
        }
        StringBuilder out = new StringBuilder();
        for (String attribute : new String[] {"Enabled", "Transition", "Replace", "Forced", "StackOrder"}) {
            out.append(attribute).append('=').append(server().getAttribute(name, attribute)).append(' ');
        }
        out.append("Sha256=").append(server().getAttribute(name, "Sha256")).append(" Objects=");
        for (CompositeData object : (CompositeData[]) server().getAttribute(name, "Objects")) {
            out.append('[').append(object.get("name")).append(" loaded=").append(object.get("loaded"))
                    .append(" patched=").append(object.get("patched")).append(" funcs=");
            for (CompositeData func : (CompositeData[]) object.get("funcs")) {
                out.append(func.get("name")).append(func.get("descriptor")).append(" nop=").append(func.get("nop"));
            }
            out.append(']');
        }
        return out.toString();
    }

    private static String mbeanGlobal() throws Exception {
        ObjectName name = new ObjectName("io.jlivepatch:type=Livepatch");
        if (!server().isRegistered(name)) {
            return "absent";
        }
        CompositeData t = (CompositeData) server().getAttribute(name, "Transition");
        String transition = t == null ? "none" : t.get("patch") + " to " + t.get("target") + " remaining="
                + t.get("remaining") + " blockers=" + Arrays.toString((String[]) t.get("blockers"));
        return "Version=" + server().getAttribute(name, "Version")
                + " Patches=" + Arrays.toString((String[]) server().getAttribute(name, "Patches"))
                + " Transition=" + transition
                + " History=" + ((String[]) server().getAttribute(name, "History")).length;
    }

    /** Reflection only: resolving an agent class before the agent arrives would be remembered by the JVM. */
    private static String agentId() throws Exception {
        try {
            Object livepatch = Class.forName("io.jlivepatch.agent.boot.Boot").getMethod("livepatch").invoke(null);
            return livepatch == null ? "none" : "engine@" + Integer.toHexString(System.identityHashCode(livepatch));
        } catch (ClassNotFoundException notYet) {
            return "none";
        }
    }

    /** JFR through its API, in its own class so that {@code jdk.jfr} loads only when asked. */
    private static final class JfrControl {
        static String start() {
            jdk.jfr.Recording r = new jdk.jfr.Recording();
            r.enable("io.jlivepatch.Enable");
            r.enable("io.jlivepatch.Disable");
            r.enable("io.jlivepatch.Force");
            r.enable("io.jlivepatch.TransitionStart");
            r.enable("io.jlivepatch.Transition").withThreshold(java.time.Duration.ZERO);
            r.start();
            recording = r;
            return "recording";
        }

        static String dump(String file) throws Exception {
            jdk.jfr.Recording r = (jdk.jfr.Recording) recording;
            r.stop();
            r.dump(java.nio.file.Path.of(file));
            r.close();
            return "dumped";
        }
    }
}
