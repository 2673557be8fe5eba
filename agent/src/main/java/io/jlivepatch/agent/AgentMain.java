package io.jlivepatch.agent;

import io.jlivepatch.agent.boot.Boot;
import java.lang.instrument.Instrumentation;

/**
 * The agent entry class ({@code Premain-Class} and {@code Agent-Class}): the only class of the agent
 * that the target's system class loader defines before jlivepatch is running.
 *
 * <p>It does nothing but hand over to {@link Boot#start}. It catches every
 * {@link Throwable}: whatever goes wrong, the host JVM keeps running and the error is logged at
 * {@code ERROR} through {@code System.getLogger("io.jlivepatch")}. It never writes to
 * {@code System.out}, starts no threads and keeps no state (but for a startup that failed, recorded
 * in a system property so that no later attach starts an agent without the startup options: see
 * {@link Boot}).
 *
 * <p>Thread-safety: both entry points are thread-safe. The JVM calls them on its agent-loading
 * thread; two concurrent attaches serialize in {@link Boot#start}.
 */
public final class AgentMain {

    private AgentMain() {}

    /**
     * Called by the JVM for {@code -javaagent:jlivepatch-agent.jar[=args]}, before the application's
     * {@code main}.
     *
     * @param args the agent argument string, possibly {@code null}
     * @param inst the JVM's instrumentation
     */
    public static void premain(String args, Instrumentation inst) {
        start(args, inst, true);
    }

    /**
     * Called by the JVM when the agent jar is loaded into a running JVM (dynamic attach).
     *
     * @param args the agent argument string, possibly {@code null}
     * @param inst the JVM's instrumentation
     */
    public static void agentmain(String args, Instrumentation inst) {
        start(args, inst, false);
    }

    private static void start(String args, Instrumentation inst, boolean atStartup) {
        try {
            Boot.start(args, inst, atStartup);
        } catch (Throwable t) {
            // Never let anything escape into the host JVM: an agent that throws from premain kills
            // the JVM at startup, and from agentmain fails the attach with an opaque error.
            try {
                if (atStartup) {
                    // Fail closed: the operator's startup options (a trust store, say) were not
                    // applied, so no later attach may start an agent without them (see Boot).
                    System.setProperty(Boot.STARTUP_FAILED, String.valueOf(t.getMessage() == null ? t : t.getMessage()));
                }
                System.getLogger("io.jlivepatch").log(System.Logger.Level.ERROR,
                        "jlivepatch: the agent did not start; the application runs unpatched", t);
            } catch (Throwable ignored) {
                // logging itself failed (out of memory, broken logger configuration): nothing left to do
            }
        }
    }
}
