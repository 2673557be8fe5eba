package io.jlivepatch.agent.jvm;

import io.jlivepatch.core.transition.Scheduler;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * {@link Scheduler} on one daemon thread, {@code jlivepatch-transition}, which exits after a second
 * without work: the agent keeps no thread alive while no transition is in progress.
 *
 * <p>With the agent option {@code watch=true} a poll of the watched directory is always pending,
 * so this thread stays alive, parked on the queue between polls (a worker with a delayed task
 * queued does not time out); it is still the agent's only thread, and a daemon, so it never keeps
 * the JVM from exiting.
 *
 * <p>Thread-safety: thread-safe.
 */
public final class DaemonScheduler implements Scheduler {

    private final ScheduledThreadPoolExecutor executor;

    public DaemonScheduler() {
        executor = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "jlivepatch-transition");
            thread.setDaemon(true);
            return thread;
        });
        executor.setKeepAliveTime(1, TimeUnit.SECONDS);
        executor.allowCoreThreadTimeOut(true);
        executor.setRemoveOnCancelPolicy(true);
    }

    @Override
    public void schedule(Runnable task, long delayMillis) {
        executor.schedule(() -> {
            try {
                task.run();
            } catch (Throwable t) {
                System.getLogger("io.jlivepatch").log(System.Logger.Level.ERROR,
                        "jlivepatch: transition retry failed", t);
            }
        }, delayMillis, TimeUnit.MILLISECONDS);
    }
}
