package io.jlivepatch.core.transition;

import io.jlivepatch.core.event.Messages;
import io.jlivepatch.core.funcstack.DispatchTable;
import io.jlivepatch.core.funcstack.FuncStack;
import io.jlivepatch.core.funcstack.FuncStacks;
import io.jlivepatch.core.funcstack.MethodKey;
import io.jlivepatch.core.funcstack.Route;
import io.jlivepatch.core.funcstack.StackedFunc;
import io.jlivepatch.core.funcstack.Version;
import io.jlivepatch.core.model.Patch;
import java.util.Set;
import java.util.concurrent.locks.Lock;

/**
 * The transition driver (the kernel's {@code transition.c} around {@link Transition}): starts the
 * transition of one patch over its methods ({@code klp_start_transition}), drives it with passes
 * retried with backoff ({@code klp_try_complete_transition} and its delayed work), reverses and
 * forces it, and hands completion to the registry ({@code klp_complete_transition}'s core part).
 * At most one transition exists at a time.
 *
 * <p>Thread-safety: every method runs under the registry lock, which the driver is given so that
 * its scheduled retries take it too; the retry runs the registry's {@code afterPass} hook (its
 * publication of status) before releasing it.
 */
public final class TransitionDriver {

    private static final long FIRST_RETRY_MILLIS = 1;
    private static final long MAX_RETRY_MILLIS = 250;

    /** What the registry does when every thread is at the target, under its lock. */
    @FunctionalInterface
    public interface Completion {
        /**
         * The kernel's {@code klp_complete_transition} past the transition's own state: func
         * stacks, steady routes, trampolines, callbacks and the patch list. {@code finished} is no
         * longer the driver's current transition when this runs.
         */
        void complete(Transition finished);
    }

    private final ThreadStacks threads;
    private final Scheduler scheduler;
    private final DispatchTable dispatch;
    private final Messages messages;
    private final Lock lock;
    private final Runnable afterPass;
    private Completion completion;

    private Transition transition;
    private long retryMillis;
    private int passes;
    /** Passes of this transition that threw (logged as a warning the first time only). */
    private int failedPasses;
    /**
     * The one scheduled retry the driver waits for (the kernel's single delayed work): a scheduled
     * retry runs a pass only while it is still this ticket, so rescheduling (a reverse) replaces
     * the pending retry instead of starting a second chain of retries.
     */
    private Object pendingRetry;

    /**
     * @param lock the registry lock, taken by scheduled retries
     * @param afterPass run by a scheduled retry under the lock, after its pass
     */
    public TransitionDriver(ThreadStacks threads, Scheduler scheduler, DispatchTable dispatch, Messages messages,
                            Lock lock, Runnable afterPass) {
        this.threads = threads;
        this.scheduler = scheduler;
        this.dispatch = dispatch;
        this.messages = messages;
        this.lock = lock;
        this.afterPass = afterPass;
    }

    /** Binds the registry's completion (the two need each other); once, before any transition. */
    public void bind(Completion registryCompletion) {
        this.completion = registryCompletion;
    }

    /** The transition in progress, or {@code null}. */
    public Transition current() {
        return transition;
    }

    /**
     * Starts the transition of {@code patch} to {@code target} over {@code methods} (the kernel's
     * {@code klp_init_transition} for the threads, then {@code klp_start_transition}): every method
     * whose top func is {@code patch}'s gets a switching route between the version below it and its
     * own, published in one batch; then the snapshot of the threads, and a first pass, which
     * completes at once when no thread is inside a transition method.
     */
    public void start(Patch patch, PatchState target, Set<MethodKey> methods, FuncStacks stacks) {
        boolean patching = target == PatchState.PATCHED;
        transition = new Transition(patch.name(), target, methods, threads);
        passes = 0;
        failedPasses = 0;
        retryMillis = FIRST_RETRY_MILLIS;
        for (MethodKey method : methods) {
            FuncStack stack = stacks.stack(method);
            StackedFunc mine = stack == null ? null : stack.entryOf(patch);
            // Only the top entry's transition matters (klp_ftrace_handler): where a newer patch is on
            // top, this transition does not change what the method runs.
            if (mine != null && stack.top() == mine) {
                StackedFunc below = stack.below(patch);
                Version unpatched = below == null ? Version.ORIGINAL : below.version();
                dispatch.route(method, new Route.Switching(unpatched, mine.version(), transition));
            }
        }
        dispatch.sync();
        messages.starting(patch.name(), patching);
        transition.start();
        tryComplete();
    }

    /** The kernel's {@code klp_reverse_transition}: flips the target and drives the other way. */
    public void reverse() {
        boolean fromPatching = transition.target() == PatchState.PATCHED;
        messages.reversing(transition.patch(), fromPatching);
        transition.reverse();
        messages.starting(transition.patch(), !fromPatching);
        retryMillis = FIRST_RETRY_MILLIS;
        scheduleRetry();
    }

    /**
     * The kernel's {@code klp_force_transition}: every remaining thread switches without a stack
     * check, then a pass completes the transition.
     */
    public void force() {
        messages.forcing();
        transition.force();
        tryComplete();
    }

    /**
     * One pass; completes, or schedules the next pass with backoff. A pass that throws (a stack
     * sample the adapter could not take, say) is an incomplete pass like a blocked one: the
     * kernel's {@code klp_try_complete_transition} has no failed pass either, it retries until the
     * transition completes or is reversed or forced. So the next pass is scheduled as usual, and
     * the failure is the pass's one blocker, so that {@code list} and a {@code load --timeout}
     * reply say why the transition does not complete. Each switch the pass made before it threw
     * stands: each was checked against its own thread's sample.
     */
    private void tryComplete() {
        passes++;
        boolean clear;
        try {
            clear = transition.tryComplete();
        } catch (RuntimeException | Error e) {
            failedPasses++;
            transition.passFailed(e);
            messages.passFailed(transition.patch(), e.toString(), failedPasses == 1);
            scheduleRetry();
            return;
        }
        // Before the first steady route goes out, the transition is told: threads without an entry
        // may from then on enter a target version through a steady guard, so their first visits
        // must take the target (issue 12, hole 2). An entry created on the initial side just
        // before (nested in a method this transition does not route) waits for a next pass.
        if (clear && transition.completing()) {
            complete();
            return;
        }
        if (Integer.bitCount(passes) == 1) {
            // Rate-limited: passes 1, 2, 4, 8... report their blockers.
            transition.blockers().forEach(b -> messages.blocked(b.thread(), b.frame()));
        }
        scheduleRetry();
    }

    /** Schedules the next pass, replacing any pending one, with backoff. */
    private void scheduleRetry() {
        Object ticket = new Object();
        pendingRetry = ticket;
        scheduler.schedule(() -> retry(ticket), retryMillis);
        retryMillis = Math.min(retryMillis * 2, MAX_RETRY_MILLIS);
    }

    private void retry(Object ticket) {
        lock.lock();
        try {
            if (transition != null && pendingRetry == ticket) {
                pendingRetry = null;
                tryComplete();
            }
        } finally {
            try {
                afterPass.run();
            } finally {
                // Released even when the publication throws: a registry lock left held would
                // block every later command and class load.
                lock.unlock();
            }
        }
    }

    private void complete() {
        Transition finished = transition;
        messages.completing(finished.patch(), finished.target() == PatchState.PATCHED);
        pendingRetry = null;
        transition = null;
        completion.complete(finished);
        messages.complete(finished.patch(), finished.target() == PatchState.PATCHED);
    }
}
