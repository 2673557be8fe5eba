package io.jlivepatch.core.funcstack;

/**
 * The per-thread decision a {@link Route.Switching} route asks for on every call. Implemented by the
 * transition; called by woven code through the dispatch table.
 *
 * <p>A trampoline makes two calls, in this order and with the woven method's own frame on the stack
 * all along: {@link #enter} at the guard, then (if the guard chose replacement code)
 * {@link #isPatched} at the redirect. The second must answer what the first chose: the transition
 * never switches a thread that has a frame of a transition method, so nothing can change in between.
 *
 * <p>Thread-safety: called concurrently by any application thread; implementations must be
 * lock-free on the common path and must never call code that may itself be patched.
 */
public interface ThreadSwitch {

    /**
     * A call of {@code method} begins on {@code current}: records the visit, lets the thread switch
     * itself if it may, and returns whether it runs the patched version.
     */
    boolean enter(Thread current, MethodKey method);

    /** Whether {@code current} runs the patched version, without recording a visit. */
    boolean isPatched(Thread current);
}
