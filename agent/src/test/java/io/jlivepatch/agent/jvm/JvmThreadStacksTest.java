package io.jlivepatch.agent.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
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
}
