package io.jlivepatch.core.registry;

import java.util.List;

/**
 * A snapshot of one active patch, the sysfs directory {@code /sys/kernel/livepatch/<p>} of this
 * project.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name the patch name
 * @param enabled the direction the patch is heading (flips when a transition starts)
 * @param transition whether it is the transition patch
 * @param replace whether it is a cumulative (replace) patch
 * @param forced whether a forced transition touched it
 * @param stackOrder its 1-based position among active patches
 * @param sha256 the patch jar's SHA-256
 * @param objects its objects
 */
public record PatchStatus(String name, boolean enabled, boolean transition, boolean replace, boolean forced,
                          int stackOrder, String sha256, List<ObjectStatus> objects) {

    /**
     * One object of a patch.
     *
     * @param name the target class's binary name
     * @param loaded whether a copy of the class is loaded
     * @param patched whether the class is loaded and every loaded copy carries the patch: false
     *     when a copy loaded unpatched (refused by a pre-patch callback, a fingerprint misfit, a
     *     failed weave, or a registry too busy to run its callbacks) or was announced going
     * @param funcs its funcs
     */
    public record ObjectStatus(String name, boolean loaded, boolean patched, List<FuncStatus> funcs) {
    }

    /**
     * One func.
     *
     * @param name the bare method name
     * @param descriptor the JVM descriptor
     * @param nop whether it is a nop (atomic replace)
     */
    public record FuncStatus(String name, String descriptor, boolean nop) {
    }
}
