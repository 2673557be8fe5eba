package io.jlivepatch.samples.targets;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.BitSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * The console's commands on the sample application, which never touch an agent class (so they run
 * before the agent is there, and {@code agent} can wait for a dynamically attached one):
 * {@code call <name>} (one of {@link #CALLS}), {@code gc}, {@code agent}, {@code load <class>},
 * {@code libprobe <arg>}. A command set of {@link TargetMain}.
 *
 * <p>Thread-safety: called from the console's one thread.
 */
final class AppCommands {

    private static final Map<String, Callable<Object>> CALLS = Map.ofEntries(
            Map.entry("greet", () -> new Greeter().greet("world")),
            Map.entry("greetInt", () -> new Greeter().greet(3)),
            Map.entry("twice", () -> Greeter.twice(21)),
            Map.entry("fail", () -> new Greeter().fail("now")),
            Map.entry("late", () -> new Late().version()),
            Map.entry("bitset", () -> bitSet().cardinality()),
            Map.entry("chain", Chain::f),
            Map.entry("vchain", VirtualChain::f),
            Map.entry("loader2", AppCommands::greetInSecondLoader),
            Map.entry("jacoco", AppCommands::jacocoInstrumented),
            Map.entry("lateInLoader", AppCommands::lateInThrowawayLoader));

    private static final Set<String> COMMANDS = Set.of("call", "gc", "agent", "load", "libprobe");

    private AppCommands() {}

    /** Whether {@code command} is one of this set's. */
    static boolean handles(String command) {
        return COMMANDS.contains(command);
    }

    static String run(String command, String arg) throws Exception {
        switch (command) {
            case "call":
                return arg + " = " + call(arg);
            case "gc":
                return collect();
            case "agent":
                return awaitAgent();
            case "load":
                Class.forName(arg);
                return "loaded " + arg;
            case "libprobe":
                // the build tests' sample library, on the class path only in those tests
                try {
                    return String.valueOf(Class.forName("demo.lib.Probe").getMethod("run", String.class).invoke(null, arg));
                } catch (java.lang.reflect.InvocationTargetException e) {
                    e.getCause().printStackTrace();
                    return "error: " + e.getCause();
                }
            default:
                throw new IllegalArgumentException("unknown command " + command);
        }
    }

    private static String call(String name) throws Exception {
        Callable<Object> call = CALLS.get(name);
        if (call == null) {
            throw new IllegalArgumentException("no call " + name);
        }
        try {
            return String.valueOf(call.call());
        } catch (Exception e) {
            return "threw " + e;
        }
    }

    /**
     * Waits until a dynamically attached agent has started. Reflection only: a failed resolution of
     * an agent class here would be remembered by the JVM after the agent arrives.
     */
    private static String awaitAgent() throws Exception {
        for (int i = 0; i < 2000; i++) {
            try {
                Class<?> boot = Class.forName("io.jlivepatch.agent.boot.Boot");
                if (boot.getMethod("livepatch").invoke(null) != null) {
                    return "agent ready";
                }
            } catch (ClassNotFoundException notYet) {
                // not attached yet
            }
            Thread.sleep(5);
        }
        return "no agent";
    }

    private static BitSet bitSet() {
        BitSet bits = new BitSet();
        bits.set(1);
        bits.set(5);
        return bits;
    }

    /**
     * Whether the JaCoCo agent instrumented {@link Greeter}: it adds a static {@code $jacocoInit}
     * method (and, for class files older than Java 11, a {@code $jacocoData} field).
     */
    private static Object jacocoInstrumented() {
        for (java.lang.reflect.Method method : Greeter.class.getDeclaredMethods()) {
            if (method.getName().equals("$jacocoInit")) {
                return true;
            }
        }
        return false;
    }

    /** The loader of the last {@code lateInLoader} call, weakly: the test checks it can go. */
    private static java.lang.ref.WeakReference<ClassLoader> throwaway = new java.lang.ref.WeakReference<>(null);

    /** Loads {@link Late} in a class loader nobody keeps, and calls it. */
    private static Object lateInThrowawayLoader() throws Exception {
        // No Late.class here: that would load Late in this loader too.
        URL classes = AppCommands.class.getProtectionDomain().getCodeSource().getLocation();
        URLClassLoader loader = new URLClassLoader(new URL[] {classes}, null);
        throwaway = new java.lang.ref.WeakReference<>(loader);
        Class<?> copy = loader.loadClass("io.jlivepatch.samples.targets.Late");
        Object late = copy.getConstructor().newInstance();
        return copy.getMethod("version").invoke(late);
    }

    /** Runs the collector until the throwaway loader is gone (or gives up). */
    private static String collect() throws InterruptedException {
        for (int i = 0; i < 20 && throwaway.get() != null; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return throwaway.get() == null ? "loader collected" : "loader still reachable";
    }

    /** A second copy of {@link Greeter}, in its own class loader; created at the first call. */
    private static Class<?> secondCopy;

    /** Calls {@code greet} on the second copy of {@link Greeter}. */
    private static synchronized Object greetInSecondLoader() throws Exception {
        if (secondCopy == null) {
            URL classes = Greeter.class.getProtectionDomain().getCodeSource().getLocation();
            @SuppressWarnings("resource") // kept open: the copy lives as long as the target
            URLClassLoader loader = new URLClassLoader(new URL[] {classes}, null);
            secondCopy = loader.loadClass(Greeter.class.getName());
            if (secondCopy == Greeter.class) {
                throw new IllegalStateException("not a second copy");
            }
        }
        Object greeter = secondCopy.getConstructor().newInstance();
        return secondCopy.getMethod("greet", String.class).invoke(greeter, "copy");
    }
}
