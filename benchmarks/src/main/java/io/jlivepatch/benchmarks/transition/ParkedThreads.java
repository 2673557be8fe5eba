package io.jlivepatch.benchmarks.transition;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Starts the idle threads of {@link TransitionHarness}'s parked scenarios: platform or virtual
 * threads that recurse some frames deep (as application threads are) and park there, outside
 * patched code, until a latch is counted down.
 *
 * <p>Thread-safety: stateless; the threads it starts share only the latches.
 */
final class ParkedThreads {

    private ParkedThreads() {}

    /** Starts {@code n} platform threads parked {@code depth} frames deep until {@code stop}; returns once they park. */
    static List<Thread> startPlatform(int n, int depth, CountDownLatch stop) throws InterruptedException {
        CountDownLatch ready = new CountDownLatch(n);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Thread t = new Thread(() -> parkAt(depth, ready, stop), "parked-" + i);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        ready.await();
        Thread.sleep(50); // from counted down to actually parked
        settle();
        return threads;
    }

    /**
     * Like {@link #startPlatform} with virtual threads (JDK 21+, started by reflection so that the
     * harness compiles for 17): each unmounts when it parks, so none holds a carrier.
     */
    static List<Thread> startVirtual(int n, int depth, CountDownLatch stop) throws Exception {
        CountDownLatch ready = new CountDownLatch(n);
        Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
        java.lang.reflect.Method start = Class.forName("java.lang.Thread$Builder").getMethod("start", Runnable.class);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            threads.add((Thread) start.invoke(builder, (Runnable) () -> parkAt(depth, ready, stop)));
        }
        ready.await();
        Thread.sleep(50 + n / 1000); // from counted down to actually parked
        settle();
        return threads;
    }

    /**
     * A full collection after the threads park, so that their stacks are old objects, as in a
     * service that has been running: otherwise the first young collections of the measured window
     * copy every new stack (hundreds of ms with 100,000 virtual threads), a cost of starting them.
     */
    private static void settle() throws InterruptedException {
        System.gc();
        Thread.sleep(100);
    }

    /** Recurses {@code depth} frames, then parks until {@code stop}: a thread idle outside patched code. */
    private static void parkAt(int depth, CountDownLatch ready, CountDownLatch stop) {
        if (depth > 0) {
            parkAt(depth - 1, ready, stop);
            return;
        }
        ready.countDown();
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
