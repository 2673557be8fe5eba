package io.jlivepatch.agent.boot;

import java.lang.instrument.Instrumentation;

/**
 * The composition root: wires core to the JVM adapters. Placeholder until the engine lands.
 *
 * <p>Thread-safety: {@link #start} is called by the JVM's agent-loading thread; it is synchronized
 * so that a concurrent second attach waits for the first.
 */
public final class Boot {

    private Boot() {}

    /**
     * Starts (or, on a re-attach, reuses) the agent. Called by {@code AgentMain} after the runtime
     * is on the bootstrap class path.
     *
     * @param args the agent argument string ({@code -javaagent:jar=ARGS}), possibly {@code null}
     * @param inst the JVM's instrumentation
     * @param atStartup {@code true} from {@code premain}, {@code false} from {@code agentmain}
     */
    public static synchronized void start(String args, Instrumentation inst, boolean atStartup) {
        // wired by the engine work
    }
}
