package io.jlivepatch.agent.watch;

import io.jlivepatch.agent.control.Command;
import io.jlivepatch.agent.control.Control;
import io.jlivepatch.agent.control.Reply;
import io.jlivepatch.agent.trust.SafePaths;
import io.jlivepatch.core.event.LivepatchListener;
import io.jlivepatch.core.registry.Livepatch;
import io.jlivepatch.core.registry.PatchStatus;
import io.jlivepatch.core.transition.Scheduler;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;

/**
 * The {@code watch=true} option: keeps the {@code patches=<dir>} directory as the desired state of
 * the process. Each poll scans the directory ({@link DirectoryScan}), asks {@link WatchState} what
 * to do, and does it through the control side's executor, so every operation is audited like the
 * CLI's ({@code via watch <dir>}): a jar added, or whose content changed, is loaded and enabled; a
 * jar removed has its patch disabled; a cumulative jar replaces the others, as enabling it does.
 *
 * <p>Polling, not {@code WatchService}: Kubernetes updates a ConfigMap volume by swapping a
 * {@code ..data} symbolic link, which inotify reports on the link's directory, not as a change of
 * the files seen through it; polling also needs no thread of its own. The polls run on the
 * engine's {@link Scheduler} (the transition driver's daemon thread), each scheduling the next, so
 * the watch adds no thread: with it, that thread stays alive, parked between polls.
 *
 * <p>One transition at a time: a poll that finds a transition in progress (or the engine busy with
 * another operation) does nothing; a poll whose operation starts a transition that does not
 * complete at once stops there, so the next poll sees its result. A poll never throws into the
 * scheduler and always schedules the next one; a problem (directory unreadable, unexpected
 * failure) is logged once, until a poll succeeds again.
 *
 * <p>Thread-safety: confined. {@link #converge} runs on the thread that starts the agent, before
 * {@link #start} schedules the first poll; each poll schedules the next when it ends, so no two
 * runs overlap, and the scheduler's queue hands the state from one to the next (happens-before).
 */
public final class DirectoryWatch {

    /**
     * What the watch needs from the agent.
     *
     * <p>Thread-safety: implementations must be thread-safe.
     */
    public interface Engine {

        /** Whether a transition is in progress. */
        boolean inTransition();

        /** The active patches: name to the SHA-256 of the jar each was loaded from. */
        Map<String, String> activePatches();

        /** Runs {@code command} through the audited executor. */
        Reply execute(Command command);

        /** The engine and the control side of this JVM. */
        static Engine of(Livepatch livepatch, Control control) {
            return new Engine() {
                @Override
                public boolean inTransition() {
                    return livepatch.isInTransition();
                }

                @Override
                public Map<String, String> activePatches() {
                    Map<String, String> active = new HashMap<>();
                    for (PatchStatus patch : livepatch.patches()) {
                        active.put(patch.name(), patch.sha256());
                    }
                    return active;
                }

                @Override
                public Reply execute(Command command) {
                    return control.execute(command);
                }
            };
        }
    }

    private static final System.Logger LOG = System.getLogger("io.jlivepatch");
    /** How long the startup waits for one transition before leaving the rest to the polls. */
    private static final long STARTUP_TRANSITION_WAIT_MILLIS = 10_000;
    /** A bound on operations in one poll, so a poll always ends. */
    private static final int MAX_STEPS_PER_POLL = 64;
    private static final int MAX_STARTUP_ROUNDS = 256;

    private final Path directory;
    private final String prefix;
    private final long periodMillis;
    private final Engine engine;
    private final Scheduler scheduler;
    private final LivepatchListener log;
    private final Command.Requester requester;
    private final DirectoryScan scan;
    private final WatchState state = new WatchState();
    /** The jars of the last scan that was acted on, and whether the process matched them afterwards. */
    private SortedMap<String, JarContent> lastJars;
    private boolean settled;
    /** The problem logged last, so that a lasting problem is logged once. */
    private String lastProblem;

    /**
     * @param directory the watched directory
     * @param periodMillis the time between polls
     * @param engine the engine and executor to act on
     * @param scheduler the engine's scheduler, which runs the polls
     * @param log where the watch's messages go (the agent's log)
     * @param requester who the audit names for the watch's operations
     */
    public DirectoryWatch(Path directory, long periodMillis, Engine engine, Scheduler scheduler, LivepatchListener log,
                          Command.Requester requester) {
        this.directory = directory;
        this.prefix = "jlivepatch: watch " + directory + ": ";
        this.periodMillis = periodMillis;
        this.engine = engine;
        this.scheduler = scheduler;
        this.log = log;
        this.requester = requester;
        this.scan = new DirectoryScan(directory);
    }

    /**
     * Applies the directory as it is now, on the calling thread (at startup, before {@code main}),
     * waiting for each transition up to 10 s; what is left then is for the polls. Never throws.
     */
    public void converge() {
        try {
            for (int round = 0; round < MAX_STARTUP_ROUNDS && reconcile(); round++) {
                if (!awaitTransition()) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the agent's start is being cancelled: the polls take over
        } catch (Throwable t) {
            problem(LivepatchListener.Level.ERROR, "startup pass failed: " + t, t);
        }
    }

    /** Schedules the first poll, one period from now; each poll schedules the next. */
    public void start() {
        log.message(LivepatchListener.Level.NOTICE, "jlivepatch: watching " + directory + " every " + periodMillis
                + " ms");
        scheduler.schedule(this::poll, periodMillis);
    }

    /**
     * Schedules the first poll at once, without {@link #converge} and without the start notice: for a
     * watch that takes over from the dormant agent's wait for a first jar, on the scheduler's own
     * thread (where {@link #converge}, which waits for transitions that thread drives, must not run).
     */
    public void startNow() {
        scheduler.schedule(this::poll, 0);
    }

    private void poll() {
        try {
            reconcile();
        } catch (Throwable t) {
            problem(LivepatchListener.Level.ERROR, "poll failed: " + t, t);
        } finally {
            try {
                scheduler.schedule(this::poll, periodMillis);
            } catch (Throwable t) {
                LOG.log(System.Logger.Level.ERROR, prefix + "cannot schedule the next poll; the watch stops", t);
            }
        }
    }

    /**
     * One poll: scan, then act while there is something to do and no transition in progress.
     *
     * @return {@code true} if work is left for a later poll (a transition in progress, the engine busy)
     */
    boolean reconcile() {
        SortedMap<String, JarContent> jars;
        try {
            jars = scan.scan();
        } catch (SafePaths.UnsafePathException e) {
            // Nothing changes: neither loading from nor disabling because of a directory others can write.
            problem(LivepatchListener.Level.ERROR, "refusing the directory: " + e.getMessage()
                    + "; nothing changes until it is fixed", null);
            return false;
        } catch (IOException e) {
            // Nothing changes: an unreadable directory is not an empty one, which would disable everything.
            problem(LivepatchListener.Level.WARNING, "cannot read the directory (" + e
                    + "); nothing changes until it can", null);
            return false;
        }
        boolean more = act(jars);
        lastProblem = null;
        return more;
    }

    private boolean act(SortedMap<String, JarContent> jars) {
        if (settled && jars.equals(lastJars)) {
            return false; // the cheap path: nothing changed, and the engine is not even asked
        }
        lastJars = jars;
        settled = false;
        for (int i = 0; i < MAX_STEPS_PER_POLL; i++) {
            if (engine.inTransition()) {
                return true;
            }
            Step step = state.next(jars, engine.activePatches());
            if (step == null) {
                settled = true;
                return false;
            }
            if (!carryOut(step)) {
                return true;
            }
        }
        return true;
    }

    /** Runs {@code step}; {@code false} if the engine was busy, so it must be tried again. */
    private boolean carryOut(Step step) {
        if (step instanceof Step.Load load) {
            notice(load.file() + (load.changed() ? " changed" : " added") + ": loading it");
            Reply reply = engine.execute(new Command(Command.Kind.LOAD,
                    directory.resolve(load.file()).toAbsolutePath().toString(), null, null, null, null, requester));
            if (reply.busy()) {
                return false;
            }
            if (reply.ok()) {
                state.loaded(load, reply.patch(), reply.sha256());
            } else {
                state.loadRefused(load);
                log.message(LivepatchListener.Level.WARNING, prefix + load.file() + " (sha256 "
                        + load.content().shortSha() + ") not loaded: " + reply.error()
                        + "; it is tried again when its content changes");
            }
            return true;
        }
        Step.Disable disable = (Step.Disable) step;
        notice(disable.reload()
                ? disable.file() + " holds a new content of patch '" + disable.name() + "': disabling the old one first"
                : disable.file() + " removed: disabling patch '" + disable.name() + "'");
        Reply reply = engine.execute(new Command(Command.Kind.DISABLE, null, disable.name(), null, null, null,
                requester));
        if (reply.busy()) {
            return false;
        }
        state.disableFinished(disable);
        if (!reply.ok()) {
            log.message(LivepatchListener.Level.WARNING, prefix + "patch '" + disable.name() + "' not disabled: "
                    + reply.error());
        }
        return true;
    }

    /** Waits for the transition in progress; {@code false} if it is still running after the startup's wait. */
    private boolean awaitTransition() throws InterruptedException {
        long deadline = System.nanoTime() + STARTUP_TRANSITION_WAIT_MILLIS * 1_000_000;
        while (engine.inTransition()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(1);
        }
        return true;
    }

    private void notice(String text) {
        log.message(LivepatchListener.Level.NOTICE, prefix + text);
    }

    private void problem(LivepatchListener.Level level, String text, Throwable t) {
        if (text.equals(lastProblem)) {
            return;
        }
        lastProblem = text;
        log.message(level, prefix + text);
        if (t != null) {
            LOG.log(System.Logger.Level.DEBUG, prefix + text, t);
        }
    }
}
