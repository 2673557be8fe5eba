package io.jlivepatch.agent.control;

import io.jlivepatch.core.registry.Livepatch;
import io.jlivepatch.core.registry.PatchStatus;
import io.jlivepatch.core.registry.TransitionStatus;
import java.util.List;
import java.util.Properties;
import io.jlivepatch.core.transition.Scheduler;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Keeps {@link Channel#STATUS} (the {@link StatusDocument}, which {@code list --json} prints and the
 * MBeans render) current, so that the CLI can
 * follow a transition and list patches with read-only attach operations, never loading an agent for
 * a query.
 *
 * <p>When: {@link #refreshNow} after every command (on the caller's thread, before the reply is
 * published, so a reply is never newer than the status beside it); {@link #refreshSoon} on every
 * engine message (transition start and completion, classes loading later), off the engine's lock,
 * and once more {@value #SETTLE_MILLIS} ms later (a class-loading message comes before the class is
 * defined, so the first look may still see it unloaded); and, while a transition runs, a cheap
 * tick every {@value #TICK_MILLIS} ms that refreshes only the transition (threads remaining,
 * blockers). {@link Livepatch#patches()} asks the JVM which classes are loaded (one walk of all
 * loaded classes, milliseconds) under the engine's lock, so it is not polled; the MBeans render
 * {@link #current} instead of asking it.
 *
 * <p>The asynchronous work runs on the engine's own {@link Scheduler}, the transition driver's
 * daemon thread, so the agent keeps its promise of no thread of its own while idle (and only the
 * driver during a transition). The {@code afterRefresh} hook (the MBeans' registration) runs there
 * too, before the status it saw is published; it is not even scheduled until there is a patch.
 *
 * <p>Thread-safety: thread-safe. {@code generation}, {@code patches}, {@code current} and {@code hooked} are
 * guarded by {@code this}; {@code livepatch} is volatile, written once by {@link #bind}.
 */
final class StatusPublisher {

    static final long TICK_MILLIS = 50;
    static final long SETTLE_MILLIS = 200;
    private static final System.Logger LOG = System.getLogger("io.jlivepatch");

    private final Properties published;
    private final History history;
    private final Signatures signatures;
    private final long pid;
    private final String version;
    private final Consumer<List<PatchStatus>> afterRefresh;
    private final Scheduler scheduler;
    private final AtomicBoolean refreshQueued = new AtomicBoolean();
    private final AtomicBoolean settleQueued = new AtomicBoolean();
    private final AtomicBoolean tickQueued = new AtomicBoolean();
    private volatile Livepatch livepatch;
    private long generation;
    private List<PatchStatus> patches = List.of();
    private StatusDocument current;
    private boolean hooked;

    StatusPublisher(Properties published, History history, Signatures signatures, long pid, String version,
                    Consumer<List<PatchStatus>> afterRefresh, Scheduler scheduler) {
        this.published = published;
        this.history = history;
        this.signatures = signatures;
        this.pid = pid;
        this.version = version;
        this.current = new StatusDocument(pid, null, List.of(), version, 0, List.of());
        this.afterRefresh = afterRefresh;
        this.scheduler = scheduler;
    }

    /** Binds the engine and publishes a first status, on this thread: no thread is started for it. */
    void bind(Livepatch engine) {
        livepatch = engine;
        full(engine);
    }

    /** A full refresh on this thread, which must not hold the engine's lock; the hook follows asynchronously. */
    void refreshNow() {
        Livepatch engine = livepatch;
        if (engine == null) {
            return;
        }
        TransitionStatus transition = full(engine);
        boolean hookDue;
        synchronized (this) {
            hooked |= !patches.isEmpty();
            hookDue = hooked;
        }
        if (hookDue) {
            refreshSoon();
        }
        tickIfNeeded(transition);
    }

    /** Queues a full refresh, hook included, and a second one a little later; coalesces. Never blocks. */
    void refreshSoon() {
        if (livepatch == null) {
            return;
        }
        if (refreshQueued.compareAndSet(false, true)) {
            run(() -> {
                refreshQueued.set(false);
                refreshWithHook();
            }, 0);
        }
        if (settleQueued.compareAndSet(false, true)) {
            run(() -> {
                settleQueued.set(false);
                refreshWithHook();
            }, SETTLE_MILLIS);
        }
    }

    private void refreshWithHook() {
        Livepatch engine = livepatch;
        List<PatchStatus> now = engine.patches();
        afterRefresh.accept(now);
        TransitionStatus transition = engine.transition();
        publish(now, transition);
        tickIfNeeded(transition);
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
        hooked |= !now.isEmpty();
        generation++;
        current = new StatusDocument(pid, transition, now, version, generation, history.entries(),
                signatures.snapshot());
        published.setProperty(Channel.STATUS, current.toJson());
    }

    /** The document last published (before the first, one with no patches). */
    synchronized StatusDocument current() {
        return current;
    }

    private void run(Runnable task, long delayMillis) {
        scheduler.schedule(() -> {
            try {
                task.run();
            } catch (Throwable t) {
                // Never let a status refresh disturb the target; the next operation refreshes again.
                LOG.log(System.Logger.Level.WARNING, "jlivepatch: status refresh failed", t);
            }
        }, delayMillis);
    }
}
