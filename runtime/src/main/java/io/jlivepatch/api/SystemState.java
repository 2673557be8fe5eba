package io.jlivepatch.api;

/**
 * A system state a patch declares (the kernel's {@code struct klp_state}), as callbacks see it: the
 * id and version from the patch jar's {@code Livepatch-States} manifest attribute, and a data
 * object the callbacks own.
 *
 * <p>The data lives as long as the patch is active and starts as {@code null}. The usual pattern
 * (kernel {@code system-state.rst}): {@code prePatch} creates the data unless
 * {@link ObjectContext#previousState} already has it; {@code postPatch} takes the previous data over
 * ({@code state.setData(previous.data())}) or makes the modification; {@code preUnpatch} reverts
 * it; {@code postUnpatch} frees the data unless a previous state still needs it (a reversed
 * replace).
 *
 * <p>Thread-safety: the data reference is volatile; what it refers to is the callbacks' business.
 * Compare states by {@link #id()}, not by identity.
 */
public interface SystemState {

    /** The state's id, non-zero. */
    long id();

    /** The version of the modification this patch makes. */
    long version();

    /** The data the callbacks stored, or {@code null}. */
    Object data();

    /** Stores {@code data} for this patch's state. */
    void setData(Object data);
}
