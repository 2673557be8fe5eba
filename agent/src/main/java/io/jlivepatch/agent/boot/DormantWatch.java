package io.jlivepatch.agent.boot;

import io.jlivepatch.agent.jvm.DaemonScheduler;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The {@code watch=true} directory while the agent is dormant: an empty directory at startup builds
 * nothing. Each poll, on the agent's scheduler thread, only lists the directory
 * ({@link PatchDirectory#hasJar}); the first poll that finds a patch jar (or finds the engine built by
 * other means, say a CLI command) hands over to the full watch ({@link Boot#watchFromNow}), which
 * builds the engine and applies the directory. Until then no ASM, engine, transformer, JMX or JFR
 * class is loaded.
 *
 * <p>No thread of its own: it runs on the {@link DaemonScheduler} the engine takes over, each poll
 * scheduling the next. No lambda either (it is scheduled before {@code main}).
 *
 * <p>Thread-safety: confined; each poll schedules the next, so no two runs overlap, and the
 * scheduler's queue hands the state from one run to the next.
 */
final class DormantWatch implements Runnable {

    private final Path directory;
    private final long periodMillis;
    private final DaemonScheduler scheduler;
    private boolean announced;
    /** The problem logged last, so that a lasting one is logged once. */
    private String lastProblem;

    DormantWatch(Path directory, long periodMillis, DaemonScheduler scheduler) {
        this.directory = directory;
        this.periodMillis = periodMillis;
        this.scheduler = scheduler;
    }

    /** Schedules the first poll at once (off the startup thread, which only scheduled it). */
    void start() {
        scheduler.schedule(this, 0);
    }

    @Override
    public void run() {
        if (!announced) {
            announced = true;
            Boot.note(System.Logger.Level.INFO, "jlivepatch: watching " + directory + " every " + periodMillis
                    + " ms; the agent stays dormant until a patch jar appears there");
        }
        boolean wake;
        try {
            wake = Boot.engineBuilt() || PatchDirectory.hasJar(directory);
            lastProblem = null;
        } catch (IOException | RuntimeException e) {
            // As the full watch: an unreadable directory is not an empty one, and says so once.
            String problem = "jlivepatch: watch " + directory + ": cannot read the directory (" + e
                    + "); nothing changes until it can";
            if (!problem.equals(lastProblem)) {
                lastProblem = problem;
                Boot.note(System.Logger.Level.WARNING, problem);
            }
            wake = false;
        }
        if (wake) {
            try {
                Boot.watchFromNow(directory, periodMillis);
                return;
            } catch (RuntimeException | LinkageError e) {
                // The engine could not be built: say so once, and try again at the next poll.
                String problem = "jlivepatch: watch " + directory + ": the agent cannot start its engine: " + e;
                if (!problem.equals(lastProblem)) {
                    lastProblem = problem;
                    Boot.note(System.Logger.Level.ERROR, problem);
                }
            }
        }
        scheduler.schedule(this, periodMillis);
    }
}
