package io.jlivepatch.core.event;

import io.jlivepatch.core.event.LivepatchListener.Level;

/**
 * The engine's message templates: the kernel's {@code kernel/livepatch} phrases (livepatch-semantics
 * §9) with the prefix {@value #PREFIX}. Keeping them in one place keeps the transcript the tests
 * compare in step with the code.
 *
 * <p>Thread-safety: stateless apart from the listener it wraps, which must itself be thread-safe.
 */
public final class Messages {

    /** Every message starts with this. */
    public static final String PREFIX = "jlivepatch: ";

    private final LivepatchListener listener;

    public Messages(LivepatchListener listener) {
        this.listener = listener;
    }

    private void say(Level level, String text) {
        listener.message(level, PREFIX + text);
    }

    private static String direction(boolean patching) {
        return patching ? "patching" : "unpatching";
    }

    public void enabling(String patch) {
        say(Level.NOTICE, "enabling patch '" + patch + "'");
    }

    public void initializing(String patch, boolean patching) {
        say(Level.DEBUG, "'" + patch + "': initializing " + direction(patching) + " transition");
    }

    public void starting(String patch, boolean patching) {
        say(Level.NOTICE, "'" + patch + "': starting " + direction(patching) + " transition");
    }

    public void completing(String patch, boolean patching) {
        say(Level.DEBUG, "'" + patch + "': completing " + direction(patching) + " transition");
    }

    public void complete(String patch, boolean patching) {
        say(Level.NOTICE, "'" + patch + "': " + direction(patching) + " complete");
    }

    public void canceling(String patch) {
        say(Level.DEBUG, "'" + patch + "': canceling patching transition, going to unpatch");
    }

    public void reversing(String patch, boolean fromPatching) {
        say(Level.DEBUG, "'" + patch + "': reversing transition from " + direction(fromPatching)
                + " to " + direction(!fromPatching));
    }

    public void signaling() {
        say(Level.NOTICE, "signaling remaining tasks");
    }

    public void forcing() {
        say(Level.WARNING, "forcing remaining tasks to the patched state");
    }

    public void blocked(String thread, String frame) {
        say(Level.DEBUG, "klp_try_switch_task: " + thread + " is sleeping on function " + frame);
    }

    /**
     * A driver pass threw; it is retried like a blocked pass (there is no kernel phrase: a kernel
     * pass cannot fail). A warning for the first failure of a transition, debug after, so that a
     * failure repeated at every retry does not flood the log.
     */
    public void passFailed(String patch, String reason, boolean first) {
        say(first ? Level.WARNING : Level.DEBUG, "'" + patch + "': transition pass failed (" + reason
                + "); retrying, as for a blocked pass");
    }

    public void failedToPatchObject(String object) {
        say(Level.WARNING, "failed to patch object '" + object + "'");
    }

    public void failedToEnable(String patch) {
        say(Level.WARNING, "failed to enable patch '" + patch + "'");
    }

    public void prePatchFailed(String object) {
        say(Level.WARNING, "pre-patch callback failed for object '" + object + "'");
    }

    /**
     * A class that loads later was refused by a patch's pre-patch callback. The kernel refuses to
     * load the module; a JVM class cannot be refused from a transformer, so it loads unpatched (by
     * any patch) and no patch applies to it again: the kernel's phrase, with what happens instead.
     */
    public void refusingModule(String patch, String object) {
        say(Level.WARNING, "patch '" + patch + "' failed for module '" + object + "', refusing to patch module '"
                + object + "' (it loads unpatched)");
    }

    /** A callback other than pre-patch threw (kernel callbacks are void: there is no kernel phrase). */
    public void callbackFailed(String patch, String callback, String object, String reason) {
        say(Level.WARNING, "'" + patch + "': " + callback + " callback failed for object '" + object + "' (" + reason
                + ")");
    }

    /** The kernel's WARN_ON_ONCE in {@code klp_get_prev_state}. */
    public void previousStateOutsideTransition(long id) {
        say(Level.WARNING, "previous state " + id + " asked for outside a transition: it is only valid in the"
                + " callbacks of an enable or a disable");
    }

    /** A class loaded while another operation held the engine for too long (a callback loading it, say). */
    public void classLoadingBusy(String object) {
        say(Level.ERROR, "cannot apply patches to loading module '" + object
                + "': another livepatch operation holds the engine (busy); it loads unpatched");
    }

    public void incompatible(String patch) {
        say(Level.ERROR, "Livepatch patch (" + patch + ") is not compatible with the already installed livepatches.");
    }

    public void applyingToLoading(String patch, String object) {
        say(Level.NOTICE, "applying patch '" + patch + "' to loading module '" + object + "'");
    }

    public void failedToApplyToLoading(String patch, String object, String reason) {
        say(Level.WARNING, "failed to apply patch '" + patch + "' to module '" + object + "' (" + reason + ")");
    }

    public void reverting(String patch, String object) {
        say(Level.NOTICE, "reverting patch '" + patch + "' on unloading module '" + object + "'");
    }

    /** A free-form error line (a refusal's reason), with the prefix. */
    public void error(String text) {
        say(Level.ERROR, text);
    }

    /** A free-form notice (audit lines), with the prefix. */
    public void notice(String text) {
        say(Level.NOTICE, text);
    }
}
