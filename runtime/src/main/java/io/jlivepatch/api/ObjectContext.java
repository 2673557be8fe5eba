package io.jlivepatch.api;

/**
 * What {@link ObjectCallbacks} receive (the kernel's {@code struct klp_object} argument): which
 * patch, which copy of which target class, in which load state, and the patch's system states.
 *
 * <p>One object of a patch names a class; each loaded copy of it (one per class loader that defines
 * it) is patched, and gets its callbacks, on its own, like one kernel module.
 *
 * <p>Thread-safety: implemented by the agent; safe to use from the callback's thread. The state
 * methods may also be called later from other threads, with the validity rules they state.
 */
public interface ObjectContext {

    /** The load state of the target class copy, as the kernel's module states. */
    enum LoadState {
        /** Loaded and in use ({@code MODULE_STATE_LIVE}). */
        LIVE,
        /** Being defined right now: the class loaded after the patch ({@code MODULE_STATE_COMING}). */
        COMING,
        /** Its class loader was announced going ({@code MODULE_STATE_GOING}). */
        GOING
    }

    /** The patch's name. */
    String patchName();

    /** The target class's binary name ({@code a.b.C}), the object's name. */
    String className();

    /** The class loader that defines this copy of the target class; {@code null} for the bootstrap loader. */
    ClassLoader classLoader();

    /** This copy of the target class, or {@code null} while it is {@link LoadState#COMING} (not defined yet). */
    Class<?> targetClass();

    /** The load state of this copy. */
    LoadState loadState();

    /** This patch's system state {@code id} (the kernel's {@code klp_get_state}), or {@code null}. */
    SystemState state(long id);

    /**
     * The state {@code id} of the newest patch enabled before the one in transition (the kernel's
     * {@code klp_get_prev_state}): during an atomic replace, the state of a replaced patch, so the
     * new patch can take its {@link SystemState#data()} over; during a disable, {@code null} when no
     * earlier patch declares it. Valid only during a transition (every callback of an enable or a
     * disable); otherwise it logs a warning and returns {@code null}.
     */
    SystemState previousState(long id);
}
