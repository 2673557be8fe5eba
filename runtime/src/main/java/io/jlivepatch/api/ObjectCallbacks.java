package io.jlivepatch.api;

/**
 * The callbacks of one object of a patch (the kernel's {@code klp_callbacks}): code that runs when
 * a patch is applied to or removed from a target class, to set up or tear down what the
 * replacement code relies on (warm a cache, migrate state, hand state to the next cumulative
 * patch; see {@link SystemState}).
 *
 * <p><b>Declaring.</b> A public, non-abstract class of the patch jar with a public no-argument
 * constructor, annotated {@link TargetClass} with the target class's name and implementing this
 * interface (directly, or through a superclass in the same jar). At most one per target class, and
 * without {@link Replace} methods: replacement methods live in their own class, which is defined as
 * a hidden nestmate of the target, whereas a callbacks class is loaded by the patch's class loader
 * (a child of the target class's loader, so it sees the application's types). An object may have
 * callbacks and no replaced method at all.
 *
 * <p><b>When each one runs</b> (the kernel's rules; every one is optional):
 * <ul>
 *   <li>{@link #prePatch}: on enable, before the transition starts, for each loaded copy of the
 *       target class; for a copy that loads later, before it is patched. The only one that may
 *       refuse, by throwing: on enable the patch is not enabled (copies whose {@code prePatch}
 *       succeeded get {@link #postUnpatch}); for a copy that loads later, that copy loads
 *       unpatched and no patch ever applies to it (see {@code docs/design.md}).
 *   <li>{@link #postPatch}: when the patching transition completes (every thread runs the new
 *       code); for a copy that loads later, right after it is patched, unless the patch is still in
 *       transition (then at completion). Again after a disable is reversed.
 *   <li>{@link #preUnpatch}: on disable, before the unpatching transition starts; when the target's
 *       class loader is announced going ({@link Unloading}) unless the patch is in transition.
 *       Never after a reversed enable, and never for a patch an atomic replace replaces.
 *   <li>{@link #postUnpatch}: when the unpatching transition completes, when an enable is reversed
 *       or cancelled, and on going; only for copies whose {@code prePatch} succeeded.
 * </ul>
 * Replaced patches get no callbacks at all: the replacing patch takes over (see
 * {@link ObjectContext#previousState}).
 *
 * <p>A class loaded later is still being defined while its {@code prePatch} and {@code postPatch}
 * run ({@link ObjectContext#targetClass()} is {@code null}): callbacks must not use the target class
 * itself then; doing so fails with a {@link LinkageError}, which refuses the copy.
 *
 * <p>Thread-safety: callbacks run one at a time, under the engine's lock, on the thread that
 * enables, disables or loads the class, or on the transition's background thread. They must not
 * enable or disable patches (that is refused) and should be quick: class loading of patched
 * classes waits for them. Exceptions from callbacks other than {@code prePatch} are logged and
 * otherwise ignored, as the kernel's are {@code void}.
 */
public interface ObjectCallbacks {

    /**
     * Prepares the object for patching; throwing refuses it (the kernel's non-zero return).
     *
     * @throws Exception to refuse: the message appears in the refusal
     */
    default void prePatch(ObjectContext object) throws Exception {
    }

    /** The object is patched: every thread runs the new code. */
    default void postPatch(ObjectContext object) {
    }

    /** The object is about to be unpatched. */
    default void preUnpatch(ObjectContext object) {
    }

    /** The object is unpatched: no thread runs the patch's code for it any more. */
    default void postUnpatch(ObjectContext object) {
    }
}
