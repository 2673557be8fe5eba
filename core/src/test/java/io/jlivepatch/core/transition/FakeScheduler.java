package io.jlivepatch.core.transition;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** A {@link Scheduler} that queues tasks; the test runs them explicitly. */
public final class FakeScheduler implements Scheduler {

    private final Deque<Runnable> queue = new ArrayDeque<>();
    private final List<Long> delays = new ArrayList<>();

    @Override
    public void schedule(Runnable task, long delayMillis) {
        queue.add(task);
        delays.add(delayMillis);
    }

    /** The number of tasks waiting. */
    public int pending() {
        return queue.size();
    }

    /** Every delay asked for so far, in order. */
    public List<Long> delays() {
        return delays;
    }

    /** Runs the tasks queued now (not the ones they queue); returns how many ran. */
    public int runPending() {
        int n = queue.size();
        for (int i = 0; i < n; i++) {
            queue.poll().run();
        }
        return n;
    }
}
