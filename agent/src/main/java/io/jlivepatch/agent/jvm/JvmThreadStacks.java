package io.jlivepatch.agent.jvm;

import io.jlivepatch.core.transition.ThreadStacks;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@link ThreadStacks} on the JVM.
 *
 * <ul>
 *   <li>Live threads come from the root thread group's enumeration: no safepoint.</li>
 *   <li>Samples come from {@link ThreadMXBean#getThreadInfo(long[], int)}, one VM operation per batch
 *       of {@value #BATCH} threads. Each batch is one safepoint whose length grows with the batch
 *       (about 46 µs per thread, spike B.2), so batching bounds the longest pause while costing far
 *       less than one {@code Thread.getStackTrace} operation per thread (each of which visits all
 *       threads).</li>
 *   <li>The current thread's frames come from {@link StackWalker}, which stops as soon as it has
 *       seen enough, and by default skips hidden replacement and {@code LambdaForm} frames; the
 *       woven method's own frame is always there.</li>
 * </ul>
 *
 * <p>Thread-safety: stateless; thread-safe.
 */
public final class JvmThreadStacks implements ThreadStacks {

    /** Threads sampled per safepoint. */
    static final int BATCH = 128;

    /**
     * Looked up at the first sample, not at agent start: it loads {@code java.management}, tens of
     * milliseconds that an attach need not pay before any transition. Racy but idempotent.
     */
    private ThreadMXBean mx;

    @Override
    public Collection<Thread> liveThreads() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[root.activeCount() + 16];
        int n;
        while ((n = root.enumerate(threads, true)) == threads.length) {
            threads = new Thread[threads.length * 2];
        }
        return Arrays.asList(threads).subList(0, n);
    }

    @Override
    public boolean isAlive(Thread thread) {
        return thread.isAlive();
    }

    @Override
    public Map<Thread, List<StackTraceElement>> sample(Collection<Thread> threads) {
        Map<Long, Thread> byId = new HashMap<>();
        for (Thread thread : threads) {
            byId.put(thread.getId(), thread);
        }
        List<Long> ids = new ArrayList<>(byId.keySet());
        Map<Thread, List<StackTraceElement>> samples = new HashMap<>();
        if (mx == null) {
            mx = ManagementFactory.getThreadMXBean();
        }
        for (int from = 0; from < ids.size(); from += BATCH) {
            List<Long> batch = ids.subList(from, Math.min(from + BATCH, ids.size()));
            long[] array = batch.stream().mapToLong(Long::longValue).toArray();
            ThreadInfo[] infos = mx.getThreadInfo(array, Integer.MAX_VALUE);
            for (int i = 0; i < infos.length; i++) {
                if (infos[i] != null) {
                    samples.put(byId.get(array[i]), List.of(infos[i].getStackTrace()));
                }
            }
        }
        return samples;
    }

    @Override
    public int currentFrames(Set<String> methods, int limit) {
        return StackWalker.getInstance().walk(frames -> (int) frames
                .filter(f -> methods.contains(f.getClassName() + "." + f.getMethodName()))
                .limit(limit)
                .count());
    }
}
