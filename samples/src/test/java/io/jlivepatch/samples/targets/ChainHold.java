package io.jlivepatch.samples.targets;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Parks one chosen thread inside whatever version of {@link Chain#f()} it is running, between f's
 * tag and its call to g, until the test releases it: the positive controls use it to have a thread
 * inside the old f at the very moment of a switch (a forced replace, a HotSwap redefinition), so
 * that the mix they must see is certain, not likely. Every version of f reaches the gate through
 * {@link Chain#work()}.
 *
 * <p>Thread-safety: {@link #arm} and {@link #release} are called by the test's thread, {@link #here}
 * by any thread; one hold is armed at a time.
 */
public final class ChainHold {

    private static final long WAIT_MILLIS = 20_000;
    /** The armed hold, cleared by its thread when it parks; read by every call of {@code work()}. */
    private static volatile ChainHold armed;

    private final Thread thread;
    private final CountDownLatch parked = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    private ChainHold(Thread thread) {
        this.thread = thread;
    }

    /** Arms a hold for {@code thread}: its next pass through {@code Chain.work()} parks there. */
    public static ChainHold arm(Thread thread) {
        ChainHold hold = new ChainHold(thread);
        armed = hold;
        return hold;
    }

    /** The gate in {@code Chain.work()}: parks the armed thread, lets every other one through. */
    public static void here() {
        ChainHold hold = armed;
        if (hold == null || hold.thread != Thread.currentThread()) {
            return;
        }
        armed = null;
        hold.parked.countDown();
        try {
            if (!hold.released.await(WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("the hold of " + hold.thread.getName() + " was never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while held", e);
        }
    }

    /** Waits until the thread is parked at the gate; fails after the timeout. */
    public void awaitParked() throws InterruptedException {
        if (!parked.await(WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(thread.getName() + " never reached the hold in Chain.work()");
        }
    }

    /** Lets the parked thread go on into g. */
    public void release() {
        released.countDown();
    }

    /** Something the test does while a call is held. */
    public interface Action {
        void run() throws Exception;
    }

    /**
     * Starts a thread that calls {@link Chain#f()}, holds it inside f, runs {@code action}, then
     * releases it and returns its answer ({@code threw <exception>} if the call threw).
     */
    public static String callHeldAround(Action action) throws Exception {
        AtomicReference<String> answer = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                answer.set(Chain.f());
            } catch (Throwable t) {
                answer.set("threw " + t);
            }
        }, "held-call");
        caller.setDaemon(true);
        ChainHold hold = arm(caller);
        caller.start();
        try {
            hold.awaitParked();
            action.run();
        } finally {
            hold.release();
        }
        caller.join(WAIT_MILLIS);
        if (caller.isAlive()) {
            throw new IllegalStateException("the held call did not return");
        }
        return answer.get();
    }
}
