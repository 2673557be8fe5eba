package io.jlivepatch.agent.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The thread port on the test JVM (JDK 17 here: virtual threads are covered by the JDK 25
 * {@code VirtualThreadIT} in samples). On a JDK without virtual threads the listing is the empty
 * one, opened without touching the instrumentation, and platform threads are listed and sampled.
 */
class JvmThreadStacksTest {

    @Test
    void withoutVirtualThreadsTheListingIsEmptyAndNeedsNoInstrumentation() {
        Assumptions.assumeTrue(Runtime.version().feature() < 21, "this JDK has virtual threads");
        VirtualThreadListing listing = VirtualThreadListing.open(null);
        assertSame(VirtualThreadListing.NONE, listing);
        assertEquals(List.of(), listing.list());
        assertFalse(listing.isVirtual(Thread.currentThread()));
    }

    @Test
    void platformThreadsAreListedAndSampledAndEndedOnesAreAbsent() throws Exception {
        JvmThreadStacks stacks = new JvmThreadStacks(VirtualThreadListing.NONE);
        CountDownLatch release = new CountDownLatch(1);
        Thread parked = new Thread(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "parked-in-test");
        parked.setDaemon(true);
        parked.start();
        Thread ended = new Thread(() -> { }, "ended-in-test");
        ended.start();
        ended.join();
        try {
            assertTrue(stacks.liveThreads().contains(parked));
            assertTrue(stacks.liveThreads().contains(Thread.currentThread()));
            Map<Thread, List<StackTraceElement>> samples = stacks.sample(List.of(parked, ended));
            assertEquals(List.of(parked), List.copyOf(samples.keySet()), "an ended thread has no sample");
            assertTrue(samples.get(parked).stream().anyMatch(f -> f.getMethodName().equals("await")),
                    samples.get(parked)::toString);
        } finally {
            release.countDown();
        }
    }

    private static void parkInA(CountDownLatch parked, CountDownLatch release) throws InterruptedException {
        parked.countDown();
        release.await();
    }

    private static void parkInB(CountDownLatch parked, CountDownLatch release) throws InterruptedException {
        parked.countDown();
        release.await();
    }

    /**
     * Samples by position across several safepoint batches: each position gets its own thread's
     * stack (threads parked in two different methods, alternating), an ended thread none.
     */
    @Test
    void samplesInOrderGiveEachPositionItsOwnThreadsStackAcrossBatches() throws Exception {
        JvmThreadStacks stacks = new JvmThreadStacks(VirtualThreadListing.NONE);
        int n = JvmThreadStacks.BATCH * 2 + 44;
        CountDownLatch parked = new CountDownLatch(n);
        CountDownLatch release = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                boolean a = i % 2 == 0;
                Thread t = new Thread(() -> {
                    try {
                        if (a) {
                            parkInA(parked, release);
                        } else {
                            parkInB(parked, release);
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, "in-order-" + i);
                t.setDaemon(true);
                t.start();
                threads.add(t);
                if (i % 50 == 7) {
                    Thread ended = new Thread(() -> { }, "ended-" + i);
                    ended.start();
                    ended.join();
                    threads.add(ended);
                }
            }
            assertTrue(parked.await(30, java.util.concurrent.TimeUnit.SECONDS));
            List<List<StackTraceElement>> samples = stacks.samplesInOrder(threads, Set.of());
            assertEquals(threads.size(), samples.size());
            for (int i = 0; i < threads.size(); i++) {
                String name = threads.get(i).getName();
                List<StackTraceElement> frames = samples.get(i);
                if (name.startsWith("ended-")) {
                    assertEquals(null, frames, name);
                    continue;
                }
                boolean a = Integer.parseInt(name.substring("in-order-".length())) % 2 == 0;
                String method = a ? "parkInA" : "parkInB";
                String other = a ? "parkInB" : "parkInA";
                // Parked threads may still be between countDown and await: they are in their method either way.
                assertTrue(frames.stream().anyMatch(f -> f.getMethodName().equals(method)), name + ": " + frames);
                assertFalse(frames.stream().anyMatch(f -> f.getMethodName().equals(other)), name + ": " + frames);
            }
        } finally {
            release.countDown();
        }
    }
}
