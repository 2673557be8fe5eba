package io.jlivepatch.agent.control.jmx;

/**
 * One active patch in the platform MBeanServer, {@code io.jlivepatch:type=Patch,name=<name>}: the
 * sysfs directory {@code /sys/kernel/livepatch/<patch>} of this project, visible in JConsole and
 * Mission Control. Attribute values are read from the engine at each call; the MBean exists while
 * the patch is active.
 *
 * <p>Implementations are thread-safe.
 */
public interface PatchMXBean {

    /** The patch name. */
    String getName();

    /** The direction the patch is heading (flips when a transition starts). */
    boolean isEnabled();

    /** Whether it is the patch in transition. */
    boolean isTransition();

    /** Whether it is a cumulative (atomic replace) patch. */
    boolean isReplace();

    /** Whether a forced transition touched it. */
    boolean isForced();

    /** Its 1-based position among active patches, newest last; 0 once it is gone. */
    int getStackOrder();

    /** The patch jar's SHA-256. */
    String getSha256();

    /**
     * Who signed the patch jar, the trusted certificate's subject ({@code CN=ops,O=Example}), or
     * {@code ""} when the agent has no trust store ({@code trust=<file>}).
     */
    String getSigner();

    /** Its objects and their funcs, as open data. */
    PatchObjectInfo[] getObjects();

    /**
     * Disables the patch (starts its unpatching transition). Audited as requested {@code via jmx}.
     *
     * @throws IllegalStateException with the engine's reason if refused
     */
    void disable();

    /**
     * Forces the patch's transition.
     *
     * @throws IllegalStateException with the engine's reason if refused
     */
    void force();
}
