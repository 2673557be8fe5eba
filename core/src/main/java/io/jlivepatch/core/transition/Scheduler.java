package io.jlivepatch.core.transition;

/**
 * Port to a timer: runs the transition driver's retries. The agent's adapter uses one daemon
 * thread that exits when idle.
 *
 * <p>Thread-safety: implementations must be thread-safe.
 */
public interface Scheduler {

    /** Runs {@code task} once, after about {@code delayMillis} milliseconds, on a background thread. */
    void schedule(Runnable task, long delayMillis);
}
