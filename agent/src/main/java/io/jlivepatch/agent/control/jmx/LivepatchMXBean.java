package io.jlivepatch.agent.control.jmx;

/**
 * The agent as a whole in the platform MBeanServer, {@code io.jlivepatch:type=Livepatch}: the
 * active patches in stack order, the transition in progress with its blockers, the audit trail.
 *
 * <p>Implementations are thread-safe.
 */
public interface LivepatchMXBean {

    /** The agent's version. */
    String getVersion();

    /** The active patch names, in stack order. */
    String[] getPatches();

    /** The transition in progress, or {@code null}. */
    TransitionInfo getTransition();

    /** The audit trail, oldest first, one line per operation. */
    String[] getHistory();
}
