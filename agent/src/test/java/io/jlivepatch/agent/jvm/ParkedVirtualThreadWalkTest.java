package io.jlivepatch.agent.jvm;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The parked-virtual-thread check against real virtual threads. It runs only on a JDK 25 test JVM
 * with {@code java.lang.invoke} opened (the agent opens it with the instrumentation; a unit test has
 * none): the agent pom's {@code jdk25-unit-tests} profile runs it so wherever
 * {@code /usr/lib/jvm/temurin-25-jdk-amd64} exists; on the default JDK 17 execution it is skipped.
 * {@code VirtualThreadIT} covers the agent end to end.
 */
class ParkedVirtualThreadWalkTest {

    private static ParkedVirtualThreadWalk walk;

    @BeforeAll
    static void needsJdk25() {
        Assumptions.assumeTrue(Runtime.version().feature() == ParkedVirtualThreadWalk.JDK,
                "needs a JDK " + ParkedVirtualThreadWalk.JDK + " test JVM (-Djvm=...), this is " + Runtime.version());
        Assumptions.assumeTrue(Object.class.getModule().isOpen("java.lang.invoke", ParkedVirtualThreadWalkTest.class.getModule()),
                "needs -DargLine=\"--add-opens java.base/java.lang.invoke=ALL-UNNAMED\"");
        walk = ParkedVirtualThreadWalk.open(null);
        assertNotNull(walk, "the JDK 25 walk did not open");
    }

    /** Where the test threads park: a method of a class of its own, as a transition method would be. */
    static final class Holder {
        static void hold(CountDownLatch release) throws InterruptedException {
            release.await();
        }
    }

    private static Thread virtual(Runnable task) throws ReflectiveOperationException {
        Method ofVirtual = Thread.class.getMethod("ofVirtual");
        Object builder = ofVirtual.invoke(null);
        Method start = Class.forName("java.lang.Thread$Builder").getMethod("start", Runnable.class);
        return (Thread) start.invoke(builder, task);
    }

    private static List<StackTraceElement> frames(Thread thread, Set<String> classes, Set<String> methods) {
        try {
            return walk.frames(thread, classes, methods);
        } catch (Throwable e) {
            throw new AssertionError("the walk failed", e);
        }
    }

    private static final String HOLD = Holder.class.getName() + ".hold";
    private static final Set<String> HOLD_CLASS = Set.of(Holder.class.getName());

    /** Waits until {@code thread} is parked: a virtual thread parked in its run answers WAITING. */
    private static void awaitParked(Thread thread) {
        await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).atMost(Duration.ofSeconds(30))
                .until(() -> thread.getState() == Thread.State.WAITING);
    }

    @Test
    void aThreadParkedInsideAMethodAnswersThatFrameOnlyAndOneOutsideAnswersNone() throws Throwable {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread thread = virtual(() -> {
            try {
                entered.countDown();
                Holder.hold(release);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        // Past the latch and parked: the only park left is the one in Holder.hold.
        assertTrue(entered.await(30, TimeUnit.SECONDS), "the thread never started");
        awaitParked(thread);
        List<StackTraceElement> frames = frames(thread, HOLD_CLASS, Set.of(HOLD));
        assertNotNull(frames, "a parked thread was not handled");
        assertEquals(1, frames.size(), frames::toString);
        assertEquals("hold", frames.get(0).getMethodName());
        assertEquals(Holder.class.getName(), frames.get(0).getClassName());
        assertEquals(List.of(), frames(thread, Set.of("not.There"), Set.of("not.There.m")));
        // Same class, other method: the class matches, the method does not.
        assertEquals(List.of(), frames(thread, HOLD_CLASS, Set.of(Holder.class.getName() + ".other")));
        release.countDown();
        thread.join(30_000);
        assertFalse(thread.isAlive(), "the held thread did not run on after its release");
    }

    @Test
    void aRunningThreadIsNotHandled() throws Throwable {
        AtomicInteger spin = new AtomicInteger();
        AtomicInteger stop = new AtomicInteger();
        Thread thread = virtual(() -> {
            while (stop.get() == 0) {
                spin.incrementAndGet();
            }
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> spin.get() > 0);
        try {
            assertNull(frames(thread, HOLD_CLASS, Set.of(HOLD)));
        } finally {
            stop.set(1);
        }
        thread.join(30_000);
        assertFalse(thread.isAlive(), "the spinning thread did not stop");
    }

    /**
     * Class names that unpark a thread the first time the walk asks about one: the walk asks while
     * it holds the thread, so the unpark is certain to come while the thread is held.
     */
    private static Set<String> unparkingOnFirstLookup(Semaphore token) {
        AtomicBoolean released = new AtomicBoolean();
        return new AbstractSet<>() {
            @Override
            public boolean contains(Object name) {
                if (released.compareAndSet(false, true)) {
                    token.release();
                }
                return HOLD_CLASS.contains(name);
            }

            @Override
            public Iterator<String> iterator() {
                return HOLD_CLASS.iterator();
            }

            @Override
            public int size() {
                return HOLD_CLASS.size();
            }
        };
    }

    /**
     * The JDK's suspend protocol kept: an unpark that comes while a thread is held only sets its
     * permit; if the walk did not schedule the thread afterwards, that thread would never wake up.
     * First every worker is held, once it is parked, and unparked from inside the walk (certain);
     * then they are unparked again and again by another thread while the walk keeps holding them
     * (the races of real use).
     */
    @Test
    void unparksThatComeWhileAThreadIsHeldAreNeverLost() throws Throwable {
        int threads = 50;
        int rounds = 300;
        List<Semaphore> tokens = new ArrayList<>();
        List<Thread> workers = new ArrayList<>();
        AtomicInteger done = new AtomicInteger();
        for (int i = 0; i < threads; i++) {
            Semaphore token = new Semaphore(0);
            tokens.add(token);
            workers.add(virtual(() -> {
                try {
                    for (int r = 0; r < rounds; r++) {
                        token.acquire();
                    }
                    done.incrementAndGet();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        int heldWhileUnparked = 0;
        for (int i = 0; i < threads; i++) {
            Thread worker = workers.get(i);
            // Nothing releases it before the walk does: parked now means parked until held.
            awaitParked(worker);
            if (frames(worker, unparkingOnFirstLookup(tokens.get(i)), Set.of(HOLD)) != null) {
                heldWhileUnparked++;
            }
        }
        assertEquals(threads, heldWhileUnparked, "a parked worker was not held: the test proves less than it says");
        Thread releaser = new Thread(() -> {
            for (int r = 1; r < rounds; r++) {
                for (Semaphore token : tokens) {
                    token.release();
                }
            }
        });
        releaser.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (workers.stream().anyMatch(Thread::isAlive) && System.nanoTime() < deadline) {
            for (Thread worker : workers) {
                frames(worker, HOLD_CLASS, Set.of(HOLD));
            }
        }
        releaser.join();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(
                () -> assertEquals(threads, done.get(), "workers stranded: an unpark was lost while held"));
    }
}
