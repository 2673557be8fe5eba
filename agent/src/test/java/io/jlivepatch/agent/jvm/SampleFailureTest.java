package io.jlivepatch.agent.jvm;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlivepatch.core.funcstack.MethodKey;
import io.jlivepatch.core.model.MethodRef;
import io.jlivepatch.core.transition.Blocker;
import io.jlivepatch.core.transition.PatchState;
import io.jlivepatch.core.transition.Transition;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A thread whose stack sample throws (issue 14): the adapter leaves that thread out, alone, so a
 * real {@link Transition} on real threads keeps it as a blocker while every other thread switches,
 * and completes once it switches itself or ends. One thread takes the platform path (its safepoint
 * batch throws, so the batch is sampled again one thread at a time), one the virtual threads' path
 * (JDK 17 here: a platform thread the listing deems virtual).
 */
class SampleFailureTest {

    private static final MethodKey F = new MethodKey("demo.Service", new MethodRef("f", "()V"));

    private final List<Thread> started = new ArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch visit = new CountDownLatch(1);
    private final CountDownLatch end = new CountDownLatch(1);
    private final List<LogRecord> records = new ArrayList<>();
    private final Logger logger = Logger.getLogger("io.jlivepatch");
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            synchronized (records) {
                records.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @AfterEach
    void releaseThreads() throws InterruptedException {
        logger.removeHandler(capture);
        logger.setUseParentHandlers(true);
        visit.countDown();
        end.countDown();
        release.countDown();
        for (Thread thread : started) {
            thread.join(10_000);
        }
    }

    /** A daemon thread parked until {@code until}, then running {@code then}. */
    private Thread parked(String name, CountDownLatch until, Runnable then) {
        Thread thread = new Thread(() -> {
            try {
                until.await();
                then.run();
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        started.add(thread);
        return thread;
    }

    /** Samples of the JVM, but every sample of a thread of {@code failing} throws. */
    private static JvmThreadStacks.StackSource failingFor(Set<Thread> failing) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Set<Long> ids = failing.stream().map(Thread::getId).collect(Collectors.toSet());
        return new JvmThreadStacks.StackSource() {
            @Override
            public ThreadInfo[] atSafepoint(long[] batch) {
                for (long id : batch) {
                    if (ids.contains(id)) {
                        throw new IllegalStateException("test: cannot sample thread " + id);
                    }
                }
                return mx.getThreadInfo(batch, Integer.MAX_VALUE);
            }

            @Override
            public StackTraceElement[] of(Thread thread) {
                if (failing.contains(thread)) {
                    throw new IllegalStateException("test: cannot sample " + thread.getName());
                }
                return thread.getStackTrace();
            }
        };
    }

    @Test
    void aThreadWhoseSampleThrowsBlocksAloneAndTheTransitionCompletesOnceItSwitchesItselfOrEnds() throws Exception {
        logger.addHandler(capture);
        logger.setUseParentHandlers(false); // the expected warning, not on the build's console
        Thread ok1 = parked("sampled-1", release, () -> { });
        Thread ok2 = parked("sampled-2", release, () -> { });
        CountDownLatch visited = new CountDownLatch(1);
        Transition[] transition = new Transition[1];
        boolean[] patchedAtVisit = new boolean[1];
        // Platform path: switches itself at an un-nested visit of f (no f frame on its real stack).
        Thread selfSwitching = parked("unsampled-platform", visit, () -> {
            if (transition[0] != null) {
                patchedAtVisit[0] = transition[0].enter(Thread.currentThread(), F);
            }
            visited.countDown();
        });
        Thread ending = new Thread(() -> {
            try {
                end.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "unsampled-virtual");
        ending.setDaemon(true);
        ending.start();
        started.add(ending);

        // Sampled only once all of them wait at their latches: a thread just started may not be
        // sampleable yet, and the passes below count on each one's stack staying as it is.
        for (Thread thread : List.of(ok1, ok2, selfSwitching, ending)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> thread.getState() == Thread.State.WAITING);
        }
        JvmThreadStacks stacks = new JvmThreadStacks(VirtualThreadListing.deeming(Set.of(ending)), null,
                failingFor(Set.of(selfSwitching, ending)));
        transition[0] = new Transition("p", PatchState.PATCHED, List.of(F), stacks);
        Transition t = transition[0];
        t.start();

        for (int pass = 0; pass < 3; pass++) {
            assertFalse(t.tryComplete(), "pass " + pass);
            assertEquals(Map.of("unsampled-platform", "(no stack sample)", "unsampled-virtual", "(no stack sample)"),
                    t.blockers().stream().collect(Collectors.toMap(Blocker::thread, Blocker::frame)), "pass " + pass);
        }
        assertTrue(t.isPatched(ok1), "a thread of the failing batch was sampled alone and switched");
        assertTrue(t.isPatched(ok2));
        assertTrue(t.isPatched(Thread.currentThread()));
        assertFalse(t.isPatched(selfSwitching));
        assertFalse(t.isPatched(ending));
        assertEquals(2, t.remaining());
        List<String> warnings;
        synchronized (records) {
            warnings = records.stream().filter(r -> r.getLevel() == Level.WARNING)
                    .map(LogRecord::getMessage).toList();
        }
        assertEquals(1, warnings.size(), "one warning per transition for 6 failed samples: " + warnings);
        assertTrue(warnings.get(0).startsWith("jlivepatch: cannot sample the stack of Thread[")
                && warnings.get(0).contains("test: cannot sample"), warnings.get(0));

        visit.countDown();
        assertTrue(visited.await(10, TimeUnit.SECONDS));
        assertTrue(patchedAtVisit[0], "the un-nested visit switched the unsampled thread");
        assertFalse(t.tryComplete(), "the other unsampled thread is alive");
        assertEquals(List.of(new Blocker("unsampled-virtual", "(no stack sample)")), t.blockers());

        end.countDown();
        ending.join(10_000);
        assertFalse(ending.isAlive());
        assertTrue(t.tryComplete(), "the last unsampled thread ended");
        assertEquals(List.of(), t.blockers());
        assertEquals(0, t.remaining());
    }
}
