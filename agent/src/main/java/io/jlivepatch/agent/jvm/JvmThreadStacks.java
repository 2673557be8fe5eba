package io.jlivepatch.agent.jvm;

import io.jlivepatch.core.transition.ThreadStacks;
import java.lang.instrument.Instrumentation;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@link ThreadStacks} on the JVM.
 *
 * <ul>
 *   <li>Live threads: the platform threads come from the root thread group's enumeration (no
 *       safepoint), the virtual threads (JDK 21+) from the JDK's thread containers, through
 *       {@link VirtualThreadListing}.</li>
 *   <li>Samples come from {@link ThreadMXBean#getThreadInfo(long[], int)}, one VM operation per batch
 *       of {@value #BATCH} threads. Each batch is one safepoint whose length grows with the batch
 *       (about 46 µs per thread, spike B.2), so batching bounds the longest pause while costing far
 *       less than one {@code Thread.getStackTrace} operation per thread (each of which visits all
 *       threads).</li>
 *   <li>Virtual threads are sampled one at a time with {@link Thread#getStackTrace()}, which is
 *       exact for them without a safepoint: a mounted one is walked in a handshake with its carrier
 *       (retried if it unmounts meanwhile); an unmounted one is marked suspended so that it cannot
 *       continue while its stack is walked, then resumed. The samples of two threads are taken at
 *       different instants, which the transition protocol allows: it reads each thread's word
 *       before that thread's own sample. On JDK 25 a <em>parked</em> one is checked more cheaply
 *       by {@link ParkedVirtualThreadWalk}, held the same way but reading only class names, then
 *       method names of the transition's classes (about a quarter of the CPU).</li>
 *   <li>The current thread's frames come from {@link StackWalker}, which stops as soon as it has
 *       seen enough, and by default skips hidden replacement and {@code LambdaForm} frames; the
 *       woven method's own frame is always there.</li>
 * </ul>
 *
 * <p>Thread-safety: thread-safe; the listing is immutable and the management bean's look-up is
 * idempotent.
 */
public final class JvmThreadStacks implements ThreadStacks {

    private static final System.Logger LOG = System.getLogger("io.jlivepatch");

    private final VirtualThreadListing virtual;
    /** The cheap check of parked virtual threads (JDK 25), or null. */
    private final ParkedVirtualThreadWalk parked;

    /** Platform threads, and virtual threads when the JVM has them (the thread containers are opened here). */
    /**
     * Opens this JVM's virtual-thread listing now, so that what it cannot see
     * ({@code -Djdk.trackAllThreads=false}) is logged when the agent starts, not only with its first
     * patch. Called by a dormant agent's start only when that property is set, so it costs nothing
     * otherwise.
     */
    public static void openListing(Instrumentation inst) {
        VirtualThreadListing.shared(inst);
    }

    public JvmThreadStacks(Instrumentation inst) {
        this(VirtualThreadListing.shared(inst), ParkedVirtualThreadWalk.open(inst));
    }

    JvmThreadStacks(VirtualThreadListing virtual) {
        this(virtual, null);
    }

    JvmThreadStacks(VirtualThreadListing virtual, ParkedVirtualThreadWalk parked) {
        this.virtual = virtual;
        this.parked = parked;
    }

    /**
     * Diagnostic switch, read at each pass: {@code -Djlivepatch.fullVirtualSamples=true} samples
     * parked virtual threads with {@code getStackTrace()} too, as before {@link ParkedVirtualThreadWalk}
     * (the benchmarks compare both in one run). Both are exact.
     */
    public static final String FULL_VIRTUAL_SAMPLES = "jlivepatch.fullVirtualSamples";

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
        List<Thread> live = new ArrayList<>(Arrays.asList(threads).subList(0, n));
        try {
            live.addAll(virtual.list());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "jlivepatch: this transition lists platform threads only: " + e
                    + (e.getCause() == null ? "" : " (" + e.getCause() + ")")
                    + "; a virtual thread inside a patched method when it starts is not seen", e);
        }
        return live;
    }

    @Override
    public boolean isAlive(Thread thread) {
        return thread.isAlive();
    }

    @Override
    public Map<Thread, List<StackTraceElement>> sample(Collection<Thread> threads) {
        return sample(threads, null);
    }

    /**
     * Parked virtual threads are checked with {@link ParkedVirtualThreadWalk} when the JVM allows it
     * (JDK 25): their samples hold only the frames of {@code methods}. Every other thread gets a
     * full sample.
     */
    @Override
    public Map<Thread, List<StackTraceElement>> sample(Collection<Thread> threads, Set<String> methods) {
        List<Thread> inOrder = new ArrayList<>(threads);
        List<List<StackTraceElement>> samples = samplesInOrder(inOrder, methods);
        Map<Thread, List<StackTraceElement>> byThread = new HashMap<>();
        for (int i = 0; i < inOrder.size(); i++) {
            if (samples.get(i) != null) {
                byThread.put(inOrder.get(i), samples.get(i));
            }
        }
        return byThread;
    }

    /**
     * As {@link #sample(Collection, Set)}, by position. Per thread it keeps one array element: a
     * parked virtual thread with no frame of {@code methods} is answered the one shared empty list,
     * so a pass over 100,000 of them keeps no per-thread object alive (docs/performance.md §4,
     * run Y).
     */
    @Override
    public List<List<StackTraceElement>> samplesInOrder(List<Thread> threads, Set<String> methods) {
        Set<String> classes = null;
        if (methods != null && parked != null && !Boolean.getBoolean(FULL_VIRTUAL_SAMPLES)) {
            classes = new HashSet<>();
            for (String method : methods) {
                classes.add(method.substring(0, method.lastIndexOf('.')));
            }
        }
        @SuppressWarnings("unchecked")
        List<StackTraceElement>[] samples = new List[threads.size()];
        int[] platform = new int[samples.length];
        int platforms = 0;
        for (int i = 0; i < samples.length; i++) {
            Thread thread = threads.get(i);
            if (!virtual.isVirtual(thread)) {
                platform[platforms++] = i;
                continue;
            }
            if (classes != null) {
                List<StackTraceElement> found = transitionFrames(thread, classes, methods);
                if (found != null) {
                    samples[i] = found;
                    continue;
                }
            }
            StackTraceElement[] frames = thread.getStackTrace();
            // An ended thread answers an empty stack, like one started but not yet run: only the
            // latter is sampled (nothing on its stack), the former is absent, as the port says.
            if (frames.length > 0 || thread.isAlive()) {
                samples[i] = Arrays.asList(frames);
            }
        }
        if (platforms > 0) {
            sampleAtSafepoints(threads, platform, platforms, samples);
        }
        return Arrays.asList(samples);
    }

    /**
     * Samples the platform threads at the first {@code count} of {@code positions}, {@value #BATCH}
     * per safepoint. {@code getThreadInfo} answers in the order of the ids it is given, so each
     * answer goes back to its position without a map.
     */
    private void sampleAtSafepoints(List<Thread> threads, int[] positions, int count,
            List<StackTraceElement>[] samples) {
        if (mx == null) {
            mx = ManagementFactory.getThreadMXBean();
        }
        for (int from = 0; from < count; from += BATCH) {
            long[] ids = new long[Math.min(BATCH, count - from)];
            for (int k = 0; k < ids.length; k++) {
                ids[k] = threads.get(positions[from + k]).getId();
            }
            ThreadInfo[] infos = mx.getThreadInfo(ids, Integer.MAX_VALUE);
            for (int k = 0; k < infos.length; k++) {
                if (infos[k] != null) {
                    samples[positions[from + k]] = List.of(infos[k].getStackTrace());
                }
            }
        }
    }

    /** The parked thread's transition frames, or null when it is not parked (or the walk failed: logged). */
    private List<StackTraceElement> transitionFrames(Thread thread, Set<String> classes, Set<String> methods) {
        try {
            return parked.frames(thread, classes, methods);
        } catch (Throwable e) {
            LOG.log(System.Logger.Level.DEBUG, "jlivepatch: walking parked " + thread + " failed (" + e
                    + "): sampled with getStackTrace()", e);
            return null;
        }
    }

    @Override
    public int currentFrames(Set<String> methods, int limit) {
        return StackWalker.getInstance().walk(frames -> (int) frames
                .filter(f -> methods.contains(f.getClassName() + "." + f.getMethodName()))
                .limit(limit)
                .count());
    }
}
