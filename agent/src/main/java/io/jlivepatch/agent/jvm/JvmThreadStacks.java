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
 *   <li>A thread whose sample throws is left out of the samples, alone: a safepoint batch that
 *       throws is retried one thread at a time. The driver then keeps it as a blocker, "(no stack
 *       sample)", until it switches itself or ends (the port's contract). The first failure of a
 *       transition is logged as a warning, later ones at debug level.</li>
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
    private final StackSource source;

    /**
     * Where the samples come from: the JVM, or in tests one that fails for chosen threads. Both
     * methods may throw; {@link #samplesInOrder} then leaves the thread out (the port's "threads
     * the JVM cannot sample are absent").
     */
    interface StackSource {
        /** {@code ThreadMXBean.getThreadInfo(ids, Integer.MAX_VALUE)}: one safepoint, answers in id order. */
        ThreadInfo[] atSafepoint(long[] ids);

        /** {@code thread.getStackTrace()}: one thread at a time (a virtual one without a safepoint). */
        StackTraceElement[] of(Thread thread);
    }

    /**
     * The JVM's samples. The management bean is looked up at the first sample, not at agent start:
     * it loads {@code java.management}, tens of milliseconds that an attach need not pay before any
     * transition. Racy but idempotent.
     */
    private static final class JvmStackSource implements StackSource {
        private ThreadMXBean mx;

        @Override
        public ThreadInfo[] atSafepoint(long[] ids) {
            if (mx == null) {
                mx = ManagementFactory.getThreadMXBean();
            }
            return mx.getThreadInfo(ids, Integer.MAX_VALUE);
        }

        @Override
        public StackTraceElement[] of(Thread thread) {
            return thread.getStackTrace();
        }
    }

    /**
     * The transition whose sampling failure was logged as a warning, by the identity of the method
     * set it samples with (one set per transition, the same at each of its passes); later failures
     * of the same transition are logged at debug. Guarded by {@code this}.
     */
    private Object warnedFor;
    private static final Object NO_METHODS = new Object();

    /**
     * Opens this JVM's virtual-thread listing now, so that what it cannot see
     * ({@code -Djdk.trackAllThreads=false}) is logged when the agent starts, not only with its first
     * patch. Called by a dormant agent's start only when that property is set, so it costs nothing
     * otherwise.
     */
    public static void openListing(Instrumentation inst) {
        VirtualThreadListing.shared(inst);
    }

    /** Platform threads, and virtual threads when the JVM has them (the thread containers are opened here). */
    public JvmThreadStacks(Instrumentation inst) {
        this(VirtualThreadListing.shared(inst), ParkedVirtualThreadWalk.open(inst));
    }

    JvmThreadStacks(VirtualThreadListing virtual) {
        this(virtual, null);
    }

    JvmThreadStacks(VirtualThreadListing virtual, ParkedVirtualThreadWalk parked) {
        this(virtual, parked, new JvmStackSource());
    }

    JvmThreadStacks(VirtualThreadListing virtual, ParkedVirtualThreadWalk parked, StackSource source) {
        this.virtual = virtual;
        this.parked = parked;
        this.source = source;
    }

    /**
     * Diagnostic switch, read at each pass: {@code -Djlivepatch.fullVirtualSamples=true} samples
     * parked virtual threads with {@code getStackTrace()} too, as before {@link ParkedVirtualThreadWalk}
     * (the benchmarks compare both in one run). Both are exact.
     */
    public static final String FULL_VIRTUAL_SAMPLES = "jlivepatch.fullVirtualSamples";

    /** Threads sampled per safepoint. */
    static final int BATCH = 128;

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
            // One thread's failure leaves that thread out, never the pass: the others are still
            // sampled and switched, and the driver keeps the unsampled one as a blocker, "(no
            // stack sample)", until it switches itself or ends (docs/consistency-model.md §6).
            try {
                if (!virtual.isVirtual(thread)) {
                    platform[platforms++] = i;
                    continue;
                }
                samples[i] = virtualSample(thread, classes, methods);
            } catch (RuntimeException | Error e) {
                failed(methods, thread, e);
            }
        }
        if (platforms > 0) {
            sampleAtSafepoints(threads, platform, platforms, samples, methods);
        }
        return Arrays.asList(samples);
    }

    /** A virtual thread's sample, or null when it has ended. */
    private List<StackTraceElement> virtualSample(Thread thread, Set<String> classes, Set<String> methods) {
        if (classes != null) {
            List<StackTraceElement> found = transitionFrames(thread, classes, methods);
            if (found != null) {
                return found;
            }
        }
        StackTraceElement[] frames = source.of(thread);
        // An ended thread answers an empty stack, like one started but not yet run: only the
        // latter is sampled (nothing on its stack), the former is absent, as the port says.
        return frames.length > 0 || thread.isAlive() ? Arrays.asList(frames) : null;
    }

    /**
     * Logs that {@code thread} could not be sampled: a warning for the first failure of a
     * transition (known by its {@code methods} set), debug after, so that a thread that fails at
     * every retry does not flood the log.
     */
    private void failed(Set<String> methods, Thread thread, Throwable e) {
        Object transition = methods == null ? NO_METHODS : methods;
        boolean first;
        synchronized (this) {
            first = warnedFor != transition;
            warnedFor = transition;
        }
        LOG.log(first ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG, "jlivepatch: cannot sample the"
                + " stack of " + thread + " (" + e + "): it blocks the transition, \"(no stack sample)\", until it"
                + " switches itself at an un-nested call or ends, or the transition is forced"
                + (first ? "; further sampling failures of this transition are logged at debug level" : ""), e);
    }

    /**
     * Samples the platform threads at the first {@code count} of {@code positions}, {@value #BATCH}
     * per safepoint. {@code getThreadInfo} answers in the order of the ids it is given, so each
     * answer goes back to its position without a map.
     */
    private void sampleAtSafepoints(List<Thread> threads, int[] positions, int count,
            List<StackTraceElement>[] samples, Set<String> methods) {
        for (int from = 0; from < count; from += BATCH) {
            long[] ids = new long[Math.min(BATCH, count - from)];
            for (int k = 0; k < ids.length; k++) {
                ids[k] = threads.get(positions[from + k]).getId();
            }
            ThreadInfo[] infos;
            try {
                infos = source.atSafepoint(ids);
            } catch (RuntimeException | Error e) {
                // Which thread failed is unknown: each one of the batch again, alone (one small
                // safepoint each), so that only the failing one is left out.
                for (int k = 0; k < ids.length; k++) {
                    int position = positions[from + k];
                    try {
                        ThreadInfo info = source.atSafepoint(new long[] {ids[k]})[0];
                        if (info != null) {
                            samples[position] = List.of(info.getStackTrace());
                        }
                    } catch (RuntimeException | Error alone) {
                        failed(methods, threads.get(position), alone);
                    }
                }
                continue;
            }
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
