package io.jlivepatch.agent.control;

import io.jlivepatch.core.registry.Livepatch;
import io.jlivepatch.core.registry.PatchStatus;
import io.jlivepatch.core.registry.TransitionStatus;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Keeps {@link Channel#STATUS} (the {@code list --json} document) current, so that the CLI can
 * follow a transition and list patches with read-only attach operations, never loading an agent for
 * a query.
 *
 * <p>When: {@link #refreshNow} after every command (on the caller's thread, before the reply is
 * published, so a reply is never newer than the status beside it); {@link #refreshSoon} on every
 * engine message (transition start and completion, classes loading later), off the engine's lock;
 * and, while a transition runs, a cheap tick every {@value #TICK_MILLIS} ms that refreshes only the
 * transition (threads remaining, blockers). {@link Livepatch#patches()} asks the JVM which classes
 * are loaded, which costs a walk of all loaded classes per object, so it is not polled.
 *
 * <p>The work runs on one daemon thread, {@code jlivepatch-status}, which exits after
 * {@value #KEEP_ALIVE_SECONDS} s without work: no thread stays behind while nothing happens. The
 * {@code afterRefresh} hook (the MBeans' registration) runs there too, before the status it saw is
 * published.
 *
 * <p>Thread-safety: thread-safe. {@code generation} and {@code patches} are guarded by
 * {@code this}; {@code livepatch} is volatile, written once by {@link #bind}.
 */
final class StatusPublisher {

    static final long TICK_MILLIS = 50;
    static final long KEEP_ALIVE_SECONDS = 2;
    private static final System.Logger LOG = System.getLogger("io.jlivepatch");

    private final Properties published;
    private final History history;
    private final long pid;
    private final String version;
    private final Consumer<List<PatchStatus>> afterRefresh;
    private final ScheduledThreadPoolExecutor executor;
    private final AtomicBoolean refreshQueued = new AtomicBoolean();
    private final AtomicBoolean tickQueued = new AtomicBoolean();
    private volatile Livepatch livepatch;
    private long generation;
    private List<PatchStatus> patches = List.of();

    StatusPublisher(Properties published, History history, long pid, String version,
                    Consumer<List<PatchStatus>> afterRefresh) {
        this.published = published;
        this.history = history;
        this.pid = pid;
        this.version = version;
        this.afterRefresh = afterRefresh;
        executor = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "jlivepatch-status");
            thread.setDaemon(true);
            return thread;
        });
        executor.setKeepAliveTime(KEEP_ALIVE_SECONDS, TimeUnit.SECONDS);
        executor.allowCoreThreadTimeOut(true);
    }

    void bind(Livepatch engine) {
        livepatch = engine;
    }

    /** A full refresh on this thread, which must not hold the engine's lock; the hook follows asynchronously. */
    void refreshNow() {
        Livepatch engine = livepatch;
        if (engine == null) {
            return;
        }
        TransitionStatus transition = full(engine);
        refreshSoon();
        tickIfNeeded(transition);
    }

    /** Queues a full refresh, hook included; coalesces while one is queued. Never blocks. */
    void refreshSoon() {
        if (livepatch != null && refreshQueued.compareAndSet(false, true)) {
            run(() -> {
                refreshQueued.set(false);
                Livepatch engine = livepatch;
                List<PatchStatus> now = engine.patches();
                afterRefresh.accept(now);
                TransitionStatus transition = engine.transition();
                publish(now, transition);
                tickIfNeeded(transition);
            }, 0);
        }
    }

    private TransitionStatus full(Livepatch engine) {
        List<PatchStatus> now = engine.patches();
        TransitionStatus transition = engine.transition();
        publish(now, transition);
        return transition;
    }

    private void tickIfNeeded(TransitionStatus transition) {
        if (transition != null && tickQueued.compareAndSet(false, true)) {
            run(this::tick, TICK_MILLIS);
        }
    }

    private void tick() {
        tickQueued.set(false);
        TransitionStatus transition = livepatch.transition();
        if (transition == null) {
            // Completed (or reversed to completion) since the last look: the patch list changed too.
            refreshSoon();
            return;
        }
        List<PatchStatus> last;
        synchronized (this) {
            last = patches;
        }
        publish(last, transition);
        tickIfNeeded(transition);
    }

    private synchronized void publish(List<PatchStatus> now, TransitionStatus transition) {
        patches = now;
        generation++;
        published.setProperty(Channel.STATUS,
                StatusJson.write(pid, version, generation, now, transition, history.entries()));
    }

    private void run(Runnable task, long delayMillis) {
        executor.schedule(() -> {
            try {
                task.run();
            } catch (Throwable t) {
                // Never let a status refresh disturb the target; the next operation refreshes again.
                LOG.log(System.Logger.Level.WARNING, "jlivepatch: status refresh failed", t);
            }
        }, delayMillis, TimeUnit.MILLISECONDS);
    }
}
