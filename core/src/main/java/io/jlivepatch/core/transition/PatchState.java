package io.jlivepatch.core.transition;

/**
 * A thread's patch state during a transition (the kernel's {@code task->patch_state}): which side of
 * the transition patch the thread runs. Outside transitions there are no per-thread states (IDLE).
 */
public enum PatchState {
    /** The thread runs the version below the transition patch (an older patch or the original). */
    UNPATCHED,
    /** The thread runs the transition patch's version. */
    PATCHED;

    /** The opposite state. */
    public PatchState opposite() {
        return this == PATCHED ? UNPATCHED : PATCHED;
    }

    /** "patching" or "unpatching": the transition that has this state as its target. */
    public String direction() {
        return this == PATCHED ? "patching" : "unpatching";
    }
}
