package io.jlivepatch.benchmarks.support;

import io.jlivepatch.agent.boot.Boot;
import io.jlivepatch.core.model.Patch;
import io.jlivepatch.core.registry.Livepatch;

/**
 * The engine of this JVM, as the agent started it, plus the waits every benchmark needs.
 *
 * <p>Benchmarks reach the engine only through {@link Boot}, the agent's Java API, so what they
 * measure is the engine the agent wired to the JVM (trampolines, call sites, transitions), never a
 * second copy. A JVM started without {@code -javaagent} fails fast here with a message saying so.
 *
 * <p>Thread-safety: stateless; thread-safe (the engine itself is).
 */
public final class Agent {

    private Agent() {}

    /** The engine; throws if this JVM was started without the agent. */
    public static Livepatch livepatch() {
        Livepatch livepatch = Boot.livepatch();
        if (livepatch == null) {
            throw new IllegalStateException("jlivepatch agent not started: run this JVM with "
                    + "-javaagent:agent/target/jlivepatch-agent.jar (see docs/performance.md)");
        }
        return livepatch;
    }

    /** Enables {@code patch} and waits until its transition completes. */
    public static void enableAndWait(Patch patch) {
        livepatch().enable(patch);
        awaitIdle(10_000);
    }

    /** Disables patch {@code name} and waits until its transition completes. */
    public static void disableAndWait(String name) {
        livepatch().disable(name);
        awaitIdle(10_000);
    }

    /**
     * Waits until no transition is in progress, polling every 20 µs or so: finer than any
     * completion time measured here, yet the registry lock each poll takes is free almost always.
     *
     * @return the nanoTime at which the engine was first seen idle
     * @throws IllegalStateException if a transition is still in progress after {@code timeoutMillis}
     */
    public static long awaitIdle(long timeoutMillis) {
        Livepatch livepatch = livepatch();
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (livepatch.isInTransition()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("transition did not complete in " + timeoutMillis
                        + " ms: " + livepatch.transition());
            }
            Thread.onSpinWait();
            java.util.concurrent.locks.LockSupport.parkNanos(20_000);
        }
        return System.nanoTime();
    }
}
