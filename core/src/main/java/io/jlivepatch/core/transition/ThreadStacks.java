package io.jlivepatch.core.transition;

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

    /** The threads alive now (platform threads; a cheap enumeration, no safepoint needed). */
    Collection<Thread> liveThreads();

    /**
     * Whether {@code thread} has started and not ended. Platform and virtual threads alike: a
     * virtual thread is never in {@link #liveThreads} and may have no {@link #sample}, but it is
     * alive until it ends.
     */
    boolean isAlive(Thread thread);

    /**
     * Exact stack samples of {@code threads}, top frame first, each taken at a safepoint or
     * handshake so that it is the thread's real stack at one instant. Threads that have ended, and
     * threads the JVM cannot sample (virtual threads), are absent from the result.
     */
    Map<Thread, List<StackTraceElement>> sample(Collection<Thread> threads);

    /**
     * Counts the frames of the current thread whose {@code className + "." + methodName} is in
     * {@code methods}, stopping as soon as {@code limit} are found.
     */
    int currentFrames(Set<String> methods, int limit);
}
