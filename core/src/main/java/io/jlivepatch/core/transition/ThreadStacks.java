package io.jlivepatch.core.transition;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Port to the JVM's threads and stacks, the only way the transition sees them.
 *
 * <p>Thread-safety: implementations must be thread-safe; {@link #currentFrames} is called by
 * application threads, the rest by the transition driver.
 */
public interface ThreadStacks {

    /**
     * The threads alive now, platform and virtual (JDK 21+), without a safepoint. Not an atomic
     * snapshot: each thread started before the call and still alive at its end is listed; one
     * started or ended during the call may or may not be. A thread the JVM cannot list (a virtual
     * thread under {@code -Djdk.trackAllThreads=false}) is missing: the adapter warns.
     */
    Collection<Thread> liveThreads();

    /**
     * Whether {@code thread} has started and not ended. Platform and virtual threads alike: a
     * thread missing from {@link #liveThreads} or from a {@link #sample} may still be alive.
     */
    boolean isAlive(Thread thread);

    /**
     * Exact stack samples of {@code threads}, top frame first: each one the thread's real stack at
     * one instant (taken at a safepoint or handshake, or while the virtual thread is held
     * unmounted). The samples of different threads may be taken at different instants, one thread
     * at a time. Threads that have ended, and threads the JVM cannot sample, are absent.
     */
    Map<Thread, List<StackTraceElement>> sample(Collection<Thread> threads);

    /**
     * {@link #sample(Collection)} for a transition that only asks which frames run one of
     * {@code methods} ({@code className + "." + methodName}): each sample may leave out the other
     * frames, so an adapter may skip building them (a thread whose stack holds none of
     * {@code methods} may be answered an empty list). Every frame of {@code methods} on the stack at
     * the sample's instant is there, in order. The default answers full samples.
     */
    default Map<Thread, List<StackTraceElement>> sample(Collection<Thread> threads, Set<String> methods) {
        return sample(threads);
    }

    /**
     * {@link #sample(Collection, Set)} answered by position, for the driver's passes: element
     * {@code i} is the sample of {@code threads.get(i)}, or {@code null} where that map would have
     * no entry (ended, or not sampleable). Same instants, same frames. A pass over 100,000 threads
     * asks this instead of the map so that it keeps no per-thread map entry alive while it runs
     * (docs/performance.md §4, run Y: what a young collection in the middle of a pass must copy).
     * The default answers from the map.
     */
    default List<List<StackTraceElement>> samplesInOrder(List<Thread> threads, Set<String> methods) {
        Map<Thread, List<StackTraceElement>> samples = sample(threads, methods);
        List<List<StackTraceElement>> inOrder = new ArrayList<>(threads.size());
        for (Thread thread : threads) {
            inOrder.add(samples.get(thread));
        }
        return inOrder;
    }

    /**
     * Counts the frames of the current thread whose {@code className + "." + methodName} is in
     * {@code methods}, stopping as soon as {@code limit} are found.
     */
    int currentFrames(Set<String> methods, int limit);
}
