package io.jlivepatch.samples.targets;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Set;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;

/**
 * The console's commands for the CLI tests, which see the agent the way an operator would: through
 * the platform MBeanServer, JFR, or by reflection, never by touching an agent class (the CLI tests
 * start their target without the agent and let the first {@code load} attach it). A command set of
 * {@link TargetMain}.
 *
 * <p>Commands: {@code hold} (a thread "holder" enters {@code Holder.hold()} and stays),
 * {@code release}, {@code vhold} and {@code vrelease} (virtual threads held in {@link VirtualChain},
 * JDK 21+: {@link VirtualHolders}), {@code mbean <patch>} (its attributes, or {@code absent}), {@code mbean-global},
 * {@code mbean-op <patch> <operation>}, {@code agent-id} (identity of the running engine, or
 * {@code none}), {@code jfr-start}, {@code jfr-dump <file>}.
 *
 * <p>Thread-safety: called from the console's one thread; {@code hold} and {@code release} are
 * synchronized with the holder thread.
 */
final class CliCommands {

    private static final Set<String> COMMANDS = Set.of("hold", "release", "vhold", "vrelease", "mbean",
            "mbean-global", "mbean-op", "agent-id", "jfr-start", "jfr-dump");

    private static Thread holder;
    private static String held;
    private static Object recording;

    private CliCommands() {}

    /** Whether {@code command} is one of this set's. */
    static boolean handles(String command) {
        return COMMANDS.contains(command);
    }

    static String run(String command, String arg) throws Exception {
        String[] words = arg.split(" ");
        switch (command) {
            case "hold":
                return hold();
            case "release":
                return release();
            case "vhold":
                return VirtualHolders.hold();
            case "vrelease":
                return VirtualHolders.release();
            case "mbean":
                return mbean(words[0]);
            case "mbean-global":
                return mbeanGlobal();
            case "mbean-op":
                server().invoke(patchName(words[0]), words[1], new Object[0], new String[0]);
                return "invoked " + words[1];
            case "agent-id":
                return agentId();
            case "jfr-start":
                return JfrControl.start();
            case "jfr-dump":
                return JfrControl.dump(words[0]);
            default:
                throw new IllegalArgumentException("unknown command " + command);
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
