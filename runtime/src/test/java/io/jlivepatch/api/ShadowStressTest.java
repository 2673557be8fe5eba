package io.jlivepatch.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Shadow variables under races and garbage collection: the constructor of a contended key runs
 * exactly once; nothing is retained once the objects are collected.
 */
class ShadowStressTest {

    private static final int THREADS = 16;
    private static final int ROUNDS = 200;

    @Test
    @Timeout(60)
    void manyThreadsGetOrAllocOneKeyAndTheConstructorRunsExactlyOnce() throws Exception {
        long id = 0x5EED;
        for (int round = 0; round < ROUNDS; round++) {
            Object obj = new Object();
            AtomicInteger constructed = new AtomicInteger();
            Set<Object> seen = ConcurrentHashMap.newKeySet();
            CyclicBarrier start = new CyclicBarrier(THREADS);
            List<Thread> threads = new ArrayList<>();
            List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                Thread thread = new Thread(() -> {
                    try {
                        start.await(10, TimeUnit.SECONDS);
                        Object value = Shadow.getOrAlloc(obj, id, o -> {
                            constructed.incrementAndGet();
                            Thread.yield(); // widen the window in which others race
                            return new Object();
                        });
                        seen.add(value);
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                });
                threads.add(thread);
                thread.start();
            }
            for (Thread thread : threads) {
                thread.join();
            }
            assertEquals(List.of(), failures);
            assertEquals(1, constructed.get(), "round " + round + ": constructor calls");
            assertEquals(1, seen.size(), "round " + round + ": every thread got the same variable");
            assertSame(seen.iterator().next(), Shadow.get(obj, id));
            Shadow.free(obj, id, null);
        }
    }

    @Test
    @Timeout(60)
    void racingAllocsCreateOneVariableAndTheOthersGetNull() throws Exception {
        long id = 0x5EEE;
        Object obj = new Object();
        AtomicInteger constructed = new AtomicInteger();
        AtomicInteger nulls = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            Thread thread = new Thread(() -> {
                try {
                    go.await();
                    Object value = Shadow.alloc(obj, id, o -> {
                        constructed.incrementAndGet();
                        return "v";
                    });
                    if (value == null) {
                        nulls.incrementAndGet();
                    }
                } catch (Throwable e) {
                    failures.add(e); // a worker never dies silently
                }
            });
            threads.add(thread);
            thread.start();
        }
        go.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals(List.of(), failures);
        assertEquals(1, constructed.get());
        assertEquals(THREADS - 1, nulls.get());
        Shadow.free(obj, id, null);
    }

    @Test
    @Timeout(60)
    void nothingIsRetainedAfterTheObjectsAreCollected() throws Exception {
        long id = 0x5EEF;
        List<WeakReference<Object>> objects = new ArrayList<>();
        List<WeakReference<Object>> values = new ArrayList<>();
        allocateUnreachable(id, objects, values);

        for (int i = 0; i < 100 && !allCleared(values); i++) {
            System.gc();
            Thread.sleep(20);
            // Any call drains the collected keys; a read-only one is enough.
            assertNull(Shadow.get(new Object(), id));
        }
        assertTrue(allCleared(objects), "the objects were collected despite their shadow variables");
        assertTrue(allCleared(values), "their shadow variables' values were released too");
    }

    /** In its own frame, so that no local keeps the objects reachable. */
    private static void allocateUnreachable(long id, List<WeakReference<Object>> objects,
                                            List<WeakReference<Object>> values) {
        for (int i = 0; i < 1000; i++) {
            Object obj = new Object();
            Object value = Shadow.alloc(obj, id, o -> new byte[1024]);
            objects.add(new WeakReference<>(obj));
            values.add(new WeakReference<>(value));
        }
    }

    private static boolean allCleared(List<WeakReference<Object>> refs) {
        for (WeakReference<Object> ref : refs) {
            if (ref.get() != null) {
                return false;
            }
        }
        return true;
    }
}
