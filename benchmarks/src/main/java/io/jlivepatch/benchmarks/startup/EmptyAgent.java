package io.jlivepatch.benchmarks.startup;

import java.lang.instrument.Instrumentation;

/**
 * An agent that does nothing: {@link StartupHarness} runs it as the floor of any {@code -javaagent}
 * (the JVM's own cost of an agent: opening its jar, {@code java.instrument} in the module graph, which
 * turns off CDS's archived module graph).
 *
 * <p>Stateless.
 */
public final class EmptyAgent {

    private EmptyAgent() {}

    public static void premain(String args, Instrumentation inst) {
        // nothing: the floor
    }
}
