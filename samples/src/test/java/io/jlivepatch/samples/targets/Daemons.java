package io.jlivepatch.samples.targets;

import java.util.List;

/**
 * The worker threads of the console's stress commands: each a daemon (the target must exit on
 * {@code quit} whatever they do), named after its role so a test can find it in a thread listing;
 * every wait for them has a limit.
 *
 * <p>Thread-safety: stateless.
 */
final class Daemons {

    /** The limit of every wait in the transition commands. */
    static final long WAIT_MILLIS = 20_000;

    private Daemons() {}

    /** Starts a named daemon thread. */
    static Thread start(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Waits for {@code threads} to end, {@link #WAIT_MILLIS} in all; throws if one does not. */
    static void join(List<Thread> threads) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT_MILLIS * 1_000_000;
        for (Thread t : threads) {
            t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            if (t.isAlive()) {
                throw new IllegalStateException(t.getName() + " did not end");
            }
        }
    }
}
