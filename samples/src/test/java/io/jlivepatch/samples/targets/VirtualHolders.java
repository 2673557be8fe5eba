package io.jlivepatch.samples.targets;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Virtual threads held inside patched methods of {@link VirtualChain}, for the blocker tests (JDK
 * 21+): {@code vt-parked} parks in {@code hold}, an unnamed one parks in {@code hold} too,
 * {@code vt-locked} sleeps in {@code holdLocked} inside a monitor, {@code vt-spin} runs (mounted) in
 * {@code spin}, and {@code vt-pinned} parks in {@code hold} called from a class initializer, which
 * pins it to its carrier on every JDK. Once per JVM (the class initializer runs once).
 */
final class VirtualHolders {

    private static final List<Thread> THREADS = new ArrayList<>();
    private static final Map<String, String> RESULTS = new ConcurrentHashMap<>();

    /** Initialized by {@code vt-pinned}: it parks inside the initializer. */
    static final class PinnedInit {
        static final String RESULT = VirtualChain.hold();

        private PinnedInit() {}
    }

    private VirtualHolders() {}

    /** Starts the five threads and waits until each is inside; answers {@code holding #<id of the unnamed one>}. */
    static synchronized String hold() throws InterruptedException {
        VirtualChain.holding = true;
        start("vt-parked", VirtualChain::hold);
        Thread unnamed = start(null, VirtualChain::hold);
        start("vt-locked", VirtualChain::holdLocked);
        start("vt-spin", VirtualChain::spin);
        start("vt-pinned", () -> PinnedInit.RESULT);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (VirtualChain.INSIDE.get() < THREADS.size() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        @SuppressWarnings("deprecation") // threadId() is JDK 19+
        long id = unnamed.getId();
        return VirtualChain.INSIDE.get() == THREADS.size() ? "holding #" + id : "only " + VirtualChain.INSIDE.get() + " inside";
    }

    /** Releases the threads; answers what each one's call returned, by name. */
    static synchronized String release() throws InterruptedException {
        VirtualChain.holding = false;
        for (Thread thread : THREADS) {
            thread.join(10_000);
        }
        THREADS.clear();
        return "released " + new java.util.TreeMap<>(RESULTS);
    }

    private static Thread start(String name, java.util.function.Supplier<String> call) {
        String key = name == null ? "unnamed" : name;
        Thread thread = VirtualThreads.start(name, () -> RESULTS.put(key, call.get()));
        THREADS.add(thread);
        return thread;
    }
}
