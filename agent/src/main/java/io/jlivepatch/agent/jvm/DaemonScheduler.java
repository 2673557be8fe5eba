package io.jlivepatch.agent.jvm;

import io.jlivepatch.core.transition.Scheduler;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * {@link Scheduler} on one daemon thread, {@code jlivepatch-transition}, which exits after a second
 * without work: the agent keeps no thread alive while no transition is in progress.
 *
 * <p>With the agent option {@code watch=true} a poll of the watched directory is always pending,
 * so this thread stays alive, parked on the queue between polls (a worker with a delayed task queued
 * does not time out), also while a dormant agent waits for the directory's first jar: those polls run
 * here before the engine exists, and the engine then takes this scheduler over. It is a daemon, so
 * it never keeps the JVM from exiting.
 *
 * <p>Thread-safety: thread-safe.
 */
public final class DaemonScheduler implements Scheduler {

    private final ScheduledThreadPoolExecutor executor;

    public DaemonScheduler() {
        // Named classes, not lambdas: with watch=true and an empty directory this is built before
        // main, and a first lambda would initialize the invokedynamic machinery on the startup path.
        executor = new ScheduledThreadPoolExecutor(1, new DaemonThreads());
        executor.setKeepAliveTime(1, TimeUnit.SECONDS);
        executor.allowCoreThreadTimeOut(true);
        executor.setRemoveOnCancelPolicy(true);
    }

    @Override
    public void schedule(Runnable task, long delayMillis) {
        executor.schedule(new Logged(task), delayMillis, TimeUnit.MILLISECONDS);
    }

    /** The one thread, {@code jlivepatch-transition}, a daemon. */
    private static final class DaemonThreads implements ThreadFactory {
        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, "jlivepatch-transition");
            thread.setDaemon(true);
            return thread;
        }
    }

    /** A task whose failure is logged, never thrown into the executor (which would drop it silently). */
    private static final class Logged implements Runnable {
        private final Runnable task;

        Logged(Runnable task) {
            this.task = task;
        }

        @Override
        public void run() {
            try {
                task.run();
            } catch (Throwable t) {
                System.getLogger("io.jlivepatch").log(System.Logger.Level.ERROR,
                        "jlivepatch: transition retry failed", t);
            }
        }
    }
}
