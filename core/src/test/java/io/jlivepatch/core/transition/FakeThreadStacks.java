package io.jlivepatch.core.transition;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@link ThreadStacks} whose threads are plain, never-started {@link Thread} objects used as
 * identities. Each has a stack the test sets or grows by hand; ended threads are absent from
 * {@link #sample}. One-shot hooks let a test interleave a thread's steps with the driver's.
 */
public final class FakeThreadStacks implements ThreadStacks {

    private final Set<Thread> live = new LinkedHashSet<>();
    /** Top first. */
    private final Map<Thread, Deque<StackTraceElement>> stacks = new LinkedHashMap<>();
    private Thread current;
    private Integer currentFramesAnswer;
    private Runnable onLiveThreads;
    private Runnable afterLiveThreads;
    private Runnable onSample;
    private Runnable onCurrentFrames;
    private final List<List<Thread>> sampled = new ArrayList<>();

    /** A live thread with an empty stack. */
    public Thread thread(String name) {
        Thread thread = unborn(name);
        born(thread);
        return thread;
    }

    /** A thread that does not exist yet for the JVM (not live, not sampled). */
    public Thread unborn(String name) {
        Thread thread = new Thread(name);
        stacks.put(thread, new ArrayDeque<>());
        return thread;
    }

    /** The thread starts: it is live from now on. */
    public void born(Thread thread) {
        live.add(thread);
    }

    /** The thread ends: no longer live, absent from samples. */
    public void end(Thread thread) {
        live.remove(thread);
        stacks.get(thread).clear();
    }

    /** Replaces {@code thread}'s stack; {@code frames} top first. */
    public void setFrames(Thread thread, List<StackTraceElement> frames) {
        Deque<StackTraceElement> stack = stacks.get(thread);
        stack.clear();
        stack.addAll(frames);
    }

    /** {@code thread}'s stack, top first. */
    public List<StackTraceElement> frames(Thread thread) {
        return List.copyOf(stacks.get(thread));
    }

    public void push(Thread thread, StackTraceElement frame) {
        stacks.get(thread).push(frame);
    }

    public void pop(Thread thread) {
        stacks.get(thread).pop();
    }

    /** The thread {@link #currentFrames} answers for (what {@code Thread.currentThread()} would be). */
    public void runAs(Thread thread) {
        this.current = thread;
    }

    /** Makes {@link #currentFrames} answer {@code answer} instead of counting; {@code null} to count. */
    public void answerCurrentFrames(Integer answer) {
        this.currentFramesAnswer = answer;
    }

    /** Runs {@code hook} once, inside the next {@link #liveThreads}, before the snapshot is taken. */
    public void onNextLiveThreads(Runnable hook) {
        this.onLiveThreads = hook;
    }

    /** Runs {@code hook} once, inside the next {@link #liveThreads}, after the listing is taken. */
    public void afterNextLiveThreads(Runnable hook) {
        this.afterLiveThreads = hook;
    }

    /** Runs {@code hook} once, inside the next {@link #sample}, after the samples are taken. */
    public void onNextSample(Runnable hook) {
        this.onSample = hook;
    }

    /** Runs {@code hook} once, inside the next {@link #currentFrames}, before it counts. */
    public void onNextCurrentFrames(Runnable hook) {
        this.onCurrentFrames = hook;
    }

    /** The thread lists of every {@link #sample} call so far. */
    public List<List<Thread>> sampled() {
        return sampled;
    }

    @Override
    public Collection<Thread> liveThreads() {
        Runnable hook = onLiveThreads;
        onLiveThreads = null;
        if (hook != null) {
            hook.run();
        }
        List<Thread> listing = live.stream().filter(t -> !unsampleable.contains(t)).toList();
        Runnable after = afterLiveThreads;
        afterLiveThreads = null;
        if (after != null) {
            after.run();
        }
        return listing;
    }

    private final Set<Thread> unsampleable = new LinkedHashSet<>();

    /**
     * A live thread the JVM can neither list nor sample, like a virtual thread under
     * {@code -Djdk.trackAllThreads=false} (listed virtual threads are plain {@link #thread}s here:
     * the adapter lists and samples them like platform threads).
     */
    public Thread virtual(String name) {
        Thread thread = thread(name);
        unsampleable.add(thread);
        return thread;
    }

    private final Set<Thread> failingSamples = new LinkedHashSet<>();

    /**
     * A live thread the JVM lists but cannot sample: it is in every {@link #liveThreads} and absent
     * from every {@link #sample}, as the port allows for "threads the JVM cannot sample" (a virtual
     * thread whose stack walk fails, say).
     */
    public Thread unsampled(String name) {
        Thread thread = thread(name);
        failingSamples.add(thread);
        return thread;
    }

    @Override
    public boolean isAlive(Thread thread) {
        return live.contains(thread);
    }

    @Override
    public Map<Thread, List<StackTraceElement>> sample(Collection<Thread> threads) {
        sampled.add(List.copyOf(threads));
        Map<Thread, List<StackTraceElement>> result = new LinkedHashMap<>();
        for (Thread thread : threads) {
            if (live.contains(thread) && !unsampleable.contains(thread) && !failingSamples.contains(thread)) {
                result.put(thread, List.copyOf(stacks.get(thread)));
            }
        }
        Runnable hook = onSample;
        onSample = null;
        if (hook != null) {
            hook.run();
        }
        return result;
    }

    private int walks;

    /** How many times {@link #currentFrames} was called (each is a stack walk in the JVM). */
    public int walks() {
        return walks;
    }

    @Override
    public int currentFrames(Set<String> methods, int limit) {
        walks++;
        Runnable hook = onCurrentFrames;
        onCurrentFrames = null;
        if (hook != null) {
            hook.run();
        }
        if (currentFramesAnswer != null) {
            return currentFramesAnswer;
        }
        if (current == null) {
            throw new AssertionError("currentFrames called with no current thread; use runAs");
        }
        int n = 0;
        for (StackTraceElement frame : stacks.get(current)) {
            if (methods.contains(frame.getClassName() + "." + frame.getMethodName()) && ++n >= limit) {
                break;
            }
        }
        return n;
    }
}
