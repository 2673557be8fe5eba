package io.jlivepatch.core.transition;

import io.jlivepatch.core.funcstack.MethodKey;
import io.jlivepatch.core.funcstack.ThreadSwitch;
import java.lang.invoke.VarHandle;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One transition of one patch (the kernel's {@code transition.c}): the per-thread patch states, the
 * self-switch of threads entering transition methods, the driver's stack-checked switch of the
 * others, reverse and force. The protocol is the one model-checked in
 * {@code docs/design.md} ("Consistency model"); the comments name its steps.
 *
 * <p><b>Guarantee.</b> No thread runs versions on both sides of this transition within one stack:
 * a thread's state changes only while no frame of any transition method is on its stack.
 *
 * <p><b>Per-thread word.</b> Each thread with an entry has one atomic word: bit 0 is its state
 * (1 = {@link PatchState#PATCHED}), the rest a counter every visit bumps. The driver's switch is a
 * compare-and-set that expects the word it read <em>before</em> sampling the stack, so a visit in
 * between (the thread entered a transition method) makes it fail. The snapshot's threads keep
 * their words in {@link ListedThreads} (arrays: a transition over 100,000 threads keeps no object
 * per thread alive), threads first seen after it in a {@link ThreadEntry} each; a thread has at most
 * one of the two, which {@code creationLock} makes sure of.
 *
 * <p><b>Thread-safety.</b> {@link #enter} and {@link #isPatched} are called by any application
 * thread, lock-free but for the one-time entry creation. Everything else is called by the registry
 * under its lock. {@code target} is volatile: written by {@link #reverse}, read by self-switches and
 * driver passes. {@code creationRule} is guarded by {@code creationLock}, which makes "read the rule
 * and create the entry" atomic with respect to the rule switch in {@link #start} and
 * {@link #reverse} (the model's Fix A).
 */
public final class Transition implements ThreadSwitch {

    private static final long PATCHED_BIT = 1L;
    private static final long VISIT = 2L;

    private final String patch;
    private final PatchState initial;
    private final Set<String> methods;
    private final ThreadStacks stacks;
    /** The snapshot's entries; {@link ListedThreads#NONE} until {@link #start} publishes them (under creationLock). */
    private volatile ListedThreads listed = ListedThreads.NONE;
    /** The entries of threads not in {@link #listed}: created at a first visit, under creationLock. */
    private final ConcurrentHashMap<Thread, ThreadEntry> late = new ConcurrentHashMap<>();

    private final Object creationLock = new Object();

    /** Written by reverse (under creationLock), read by enter and tryComplete. */
    private volatile PatchState target;
    /** The state a thread's first visit creates its entry with. Guarded by creationLock. */
    private PatchState creationRule;
    /** Published by each driver pass, read by status queries. */
    private volatile List<Blocker> blockers = List.of();
    /**
     * Written by {@link #start} after the snapshot and the rule switch, read by every
     * {@link #enter}: no thread switches itself before it.
     */
    private volatile boolean started;
    /**
     * Written by {@link #completing} before completion publishes its steady routes, read by first
     * visits and by redirects of threads without an entry.
     */
    private volatile boolean completing;
    private final Probe probe;

    /** The shared variables application threads read in {@link #enter} and {@link #isPatched}. */
    enum SharedRead { TARGET, STARTED, COMPLETING }

    /**
     * A test seam: told before each read of a shared variable on an application thread's path, so
     * that a test can run driver steps between any two reads (the model's interleavings). The
     * registry's transitions use {@link #NONE}.
     */
    interface Probe {
        Probe NONE = variable -> { };

        void beforeRead(SharedRead variable);
    }

    /**
     * The kernel's {@code klp_init_transition}: every thread is in the initial state (the opposite of
     * {@code target}) until the transition starts.
     *
     * @param patch the transition patch's name
     * @param target {@link PatchState#PATCHED} to enable, {@link PatchState#UNPATCHED} to disable
     * @param transitionMethods every method whose version this transition changes (nops included)
     */
    public Transition(String patch, PatchState target, Collection<MethodKey> transitionMethods, ThreadStacks stacks) {
        this(patch, target, transitionMethods, stacks, Probe.NONE);
    }

    /** With a {@link Probe}, for tests that interleave driver steps with an application thread's reads. */
    Transition(String patch, PatchState target, Collection<MethodKey> transitionMethods, ThreadStacks stacks,
               Probe probe) {
        this.patch = patch;
        this.probe = probe;
        this.target = target;
        this.initial = target.opposite();
        this.creationRule = initial;
        this.stacks = stacks;
        Set<String> names = new java.util.HashSet<>();
        for (MethodKey key : transitionMethods) {
            names.add(key.className() + "." + key.method().name());
        }
        this.methods = Set.copyOf(names);
    }

    public String patch() {
        return patch;
    }

    /** The state threads are moving to. */
    public PatchState target() {
        return target;
    }

    /** The blockers of the last driver pass. */
    public List<Blocker> blockers() {
        return blockers;
    }

    /**
     * The kernel's {@code klp_start_transition}. Call after every transition method's route is
     * switching. Gives every live thread an entry in the initial state (the snapshot, protocol
     * step 2), then switches the creation rule to the target (step 3): threads born from now on
     * start at the target. The order matters: the other way round, a thread already inside an old
     * version could create a target entry at a nested call.
     */
    public void start() {
        ListedThreads snapshot = ListedThreads.of(stacks.liveThreads(), word(0, initial));
        synchronized (creationLock) {
            // A listed thread whose first visit came between the listing and here made its own
            // entry: it keeps that one (as a put-if-absent of the snapshot's entry would).
            for (Thread thread : late.keySet()) {
                int slot = snapshot.slotOf(thread);
                if (slot >= 0) {
                    snapshot.drop(slot);
                }
            }
            listed = snapshot;
            creationRule = target;
        }
        started = true;
    }

    /** Whether {@link #start} ran. */
    public boolean isStarted() {
        return started;
    }

    @Override
    public boolean enter(Thread current, MethodKey method) {
        ListedThreads snapshot = listed;
        int slot = snapshot.slotOf(current);
        if (slot >= 0) {
            return enter(snapshot, slot);
        }
        ThreadEntry entry = late.get(current);
        if (entry == null) {
            entry = firstEntry(current);
            if (entry == null) {
                // Listed meanwhile: start() published the snapshot before we took the lock.
                snapshot = listed;
                return enter(snapshot, snapshot.slotOf(current));
            }
        }
        return enter(entry, 0);
    }

    /** A visit of the thread whose entry is {@code entry}'s slot {@code slot}. */
    private boolean enter(ThreadWords entry, int slot) {
        // Step 1: read the state and bump the counter in one atomic step, so that a driver switch
        // based on a stack sample taken before this visit fails its compare-and-set.
        long word = entry.addAndGet(slot, VISIT);
        // One read of each shared variable per decision: start() may land between any two reads,
        // so a decision taken on two reads of the gate could skip the nesting check on the first
        // and switch on the second (issue 12, hole 1: a nested visit switched itself).
        probe.beforeRead(SharedRead.TARGET);
        PatchState goal = target;
        probe.beforeRead(SharedRead.STARTED);
        boolean open = started;
        // Step 4: switch ourselves only at a call that is not nested in another transition method:
        // the woven method calling us is one frame; a second one means an older version may be on
        // the stack below. And only once the transition has started: before that the registry is
        // still installing switching routes method by method, so another method of this transition
        // may still answer with the initial version for everyone (found by the stress test).
        if (!open || state(word) == goal) {
            return state(word) == PatchState.PATCHED;
        }
        if (entry.skipsWalk(slot)) {
            // backing off (Backoff): the driver switches this thread
        } else if (stacks.currentFrames(methods, 2) >= 2) {
            entry.foundNested(slot);
        } else {
            entry.foundUnnested(slot);
            // Step 7 (Fix C): after switching, re-read the target, which a reverse may have flipped,
            // and follow it while it differs; we are still un-nested, so any state is allowed.
            while (state(word) != goal) {
                long next = word(word, goal);
                word = entry.compareAndSet(slot, word, next) ? next : entry.get(slot);
                probe.beforeRead(SharedRead.TARGET);
                goal = target;
            }
        }
        return state(word) == PatchState.PATCHED;
    }

    @Override
    public boolean isPatched(Thread current) {
        ListedThreads snapshot = listed;
        int slot = snapshot.slotOf(current);
        if (slot >= 0) {
            return state(snapshot.get(slot)) == PatchState.PATCHED;
        }
        ThreadEntry entry = late.get(current);
        if (entry != null) {
            return state(entry.get()) == PatchState.PATCHED;
        }
        // No entry: the guard that led here was a steady one. Before completion that is the
        // pre-transition guard (a listed thread has its entry by now), so answer its side. Once
        // completion publishes, it may be a steady target guard met by a thread born after the
        // snapshot whose read of this redirect was satisfied before its read of that guard (a
        // weakly ordered CPU, docs/design.md "Two-site dispatch"): the fence orders the guard's
        // load before the flag's, so the flag is seen set and the answer is the target.
        VarHandle.loadLoadFence();
        probe.beforeRead(SharedRead.COMPLETING);
        PatchState side = completing ? target : initial;
        return side == PatchState.PATCHED;
    }

    /**
     * The entry a thread with none in either table makes at its first visit; {@code null} when the
     * snapshot, published meanwhile, lists the thread (its slot is its entry then).
     */
    private ThreadEntry firstEntry(Thread current) {
        // A first visit nested in another transition method: before completion that outer frame
        // was entered through a pre-transition guard, before the switching routes reached it, by a
        // thread the snapshot did not list (a virtual thread: found by the SPIN model,
        // docs/consistency-model.md); a listed thread always has its entry by then. So it takes
        // the pre-transition side. Once completion publishes its steady guards (method by method)
        // the outer frame may instead be a target version, entered through a steady guard by a
        // thread born after the snapshot: it then takes the creation rule, the target (issue 12,
        // hole 2). The fence orders this thread's earlier call-site loads (the outer guard) before
        // its read of the flag, which completing() sets before the first steady route is published.
        // One walk per thread and transition.
        boolean nested = stacks.currentFrames(methods, 2) >= 2;
        VarHandle.loadLoadFence();
        synchronized (creationLock) {
            // Under the lock, like the creation rule: an entry created before completing() is in
            // the table when completing() returns, so the registry's check after it sees it.
            if (listed.slotOf(current) >= 0) {
                return null;
            }
            probe.beforeRead(SharedRead.COMPLETING);
            boolean afterCompleting = completing;
            return late.computeIfAbsent(current,
                    t -> new ThreadEntry(word(0, nested && !afterCompleting ? initial : creationRule)));
        }
    }

    /**
     * The registry calls this once a pass found every thread at the target, before it publishes
     * the first steady route: from here on, a thread without an entry may have entered a target
     * version through a steady guard, so its first visits take the target (see {@link #firstEntry}
     * and {@link #isPatched}). The full fence orders the flag before every call-site store that
     * follows.
     *
     * @return whether every entry is still at the target. An entry created on the initial side
     *     after the pass read the table (a first visit nested in a method this transition does not
     *     route) makes it {@code false}: the registry must run another pass before it publishes
     */
    public boolean completing() {
        synchronized (creationLock) {
            completing = true;
        }
        VarHandle.fullFence();
        return remaining() == 0;
    }

    /** Whether {@link #completing} ran. */
    public boolean isCompleting() {
        return completing;
    }

    /**
     * Records a pass that threw before it could publish its blockers (the driver retries it): the
     * pass's blockers are then one entry, thread {@value #FAILED_PASS}, whose frame names the
     * failure, so that status queries say why the transition is not completing.
     */
    void passFailed(Throwable failure) {
        blockers = List.of(new Blocker(FAILED_PASS, "(pass failed: " + failure + ")"));
    }

    /** The thread name of the blocker that stands for a failed pass (no thread has it: parentheses). */
    public static final String FAILED_PASS = "(transition pass)";

    /**
     * One driver pass (the kernel's {@code klp_try_complete_transition} minus completion): reads the
     * word of every thread not at the target, samples those threads' stacks, and switches each one
     * whose stack holds no transition method, expecting the word read before the sample.
     *
     * @return whether every thread is now at the target (threads that ended count as switched)
     */
    public boolean tryComplete() {
        dropEnded();
        PatchState goal = target;
        Pass pass = new Pass(listed);
        for (int slot = 0; slot < pass.listed.size(); slot++) {
            if (pass.listed.thread(slot) != null) {
                pass.addIfNotAt(goal, slot, pass.listed.get(slot));
            }
        }
        for (Map.Entry<Thread, ThreadEntry> e : late.entrySet()) {
            pass.addLateIfNotAt(goal, e.getKey(), e.getValue());
        }
        if (pass.count == 0) {
            blockers = List.of();
            return true;
        }
        List<Thread> threads = pass.threads();
        List<List<StackTraceElement>> samples = stacks.samplesInOrder(threads, methods);
        List<Blocker> blocked = new ArrayList<>();
        for (int i = 0; i < pass.count; i++) {
            Thread thread = threads.get(i);
            List<StackTraceElement> frames = samples.get(i);
            if (frames == null) {
                if (stacks.isAlive(thread)) {
                    // Alive but not sampled (the JVM could not sample it): it switches itself at its
                    // next un-nested call, or the transition is forced; never guess its stack.
                    blocked.add(Blocker.of(thread, "(no stack sample)"));
                } else {
                    pass.drop(i); // ended: it can run nothing any more
                }
                continue;
            }
            StackTraceElement blocking = firstTransitionFrame(frames);
            if (blocking != null) {
                blocked.add(Blocker.at(thread, blocking));
            } else if (!pass.compareAndSet(i, goal)) {
                // It visited a transition method after our read: maybe inside one now; next pass.
                blocked.add(Blocker.of(thread, "(running)"));
            }
        }
        blockers = List.copyOf(blocked);
        return blocked.isEmpty();
    }

    /**
     * One driver pass's threads not at the target, each with the word read before its sample, in
     * two primitive arrays: the listed slot (or {@code -1 - k} for the {@code k}-th late entry) and
     * the word. A pass over 100,000 threads allocates those two arrays, not an object per thread
     * (docs/performance.md §4, run Y).
     */
    private final class Pass {
        final ListedThreads listed;
        private int[] slots;
        private long[] words;
        private final List<Thread> lateThreads = new ArrayList<>();
        private final List<ThreadEntry> lateEntries = new ArrayList<>();
        int count;

        Pass(ListedThreads listed) {
            this.listed = listed;
            int capacity = listed.size() + 8;
            slots = new int[capacity];
            words = new long[capacity];
        }

        void addIfNotAt(PatchState goal, int slot, long word) {
            if (state(word) == goal) {
                return;
            }
            if (count == slots.length) {
                slots = Arrays.copyOf(slots, count * 2);
                words = Arrays.copyOf(words, count * 2);
            }
            slots[count] = slot;
            words[count++] = word;
        }

        void addLateIfNotAt(PatchState goal, Thread thread, ThreadEntry entry) {
            long word = entry.get();
            if (state(word) != goal) {
                lateThreads.add(thread);
                lateEntries.add(entry);
                addIfNotAt(goal, -lateThreads.size(), word);
            }
        }

        /** The pending threads in order, a view without a copy. */
        List<Thread> threads() {
            return new AbstractList<>() {
                @Override
                public Thread get(int i) {
                    int slot = slots[i];
                    return slot >= 0 ? listed.thread(slot) : lateThreads.get(-1 - slot);
                }

                @Override
                public int size() {
                    return count;
                }
            };
        }

        /** The driver's switch of pending thread {@code i}: expects the word read before its sample. */
        boolean compareAndSet(int i, PatchState goal) {
            int slot = slots[i];
            long word = words[i];
            return slot >= 0 ? listed.compareAndSet(slot, word, word(word, goal))
                    : lateEntries.get(-1 - slot).compareAndSet(word, word(word, goal));
        }

        /** Forgets the entry of pending thread {@code i}, which ended. */
        void drop(int i) {
            int slot = slots[i];
            if (slot >= 0) {
                listed.drop(slot);
            } else {
                late.remove(lateThreads.get(-1 - slot));
            }
        }
    }

    /**
     * Drops the entries of threads that have ended, switched or not: they can run nothing any more.
     * Without this, threads born and ended during a transition that stays blocked (a server that
     * starts a thread per request, say) would stay in the table until the transition ends. A thread
     * with an entry has run a chooser, so it was started: not alive means ended.
     */
    private void dropEnded() {
        ListedThreads snapshot = listed;
        for (int slot = 0; slot < snapshot.size(); slot++) {
            Thread thread = snapshot.thread(slot);
            if (thread != null && !stacks.isAlive(thread)) {
                snapshot.drop(slot);
            }
        }
        for (Thread thread : late.keySet()) {
            if (!stacks.isAlive(thread)) {
                late.remove(thread);
            }
        }
    }

    /** How many threads the transition keeps an entry for (for tests). */
    int trackedThreads() {
        return listed.tracked() + late.size();
    }

    private StackTraceElement firstTransitionFrame(List<StackTraceElement> frames) {
        for (StackTraceElement frame : frames) {
            if (methods.contains(frame.getClassName() + "." + frame.getMethodName())) {
                return frame;
            }
        }
        return null;
    }

    /**
     * The kernel's {@code klp_reverse_transition}: flips the target; threads already at the new
     * target are done, the others switch back under the same stack rule.
     */
    public void reverse() {
        synchronized (creationLock) {
            target = target.opposite();
            creationRule = target;
            // A completing() that found a late entry published nothing: no steady target guard
            // exists, so first visits go back to the usual rule.
            completing = false;
        }
    }

    /**
     * The kernel's {@code klp_force_transition}: switches every thread to the target without a
     * stack check. This breaks the consistency guarantee for threads running old code.
     */
    public void force() {
        PatchState goal = target;
        ListedThreads snapshot = listed;
        for (int slot = 0; slot < snapshot.size(); slot++) {
            if (snapshot.thread(slot) != null) {
                force(snapshot, slot, goal);
            }
        }
        for (ThreadEntry entry : late.values()) {
            force(entry, 0, goal);
        }
    }

    private static void force(ThreadWords entry, int slot, PatchState goal) {
        long word;
        do {
            word = entry.get(slot);
        } while (state(word) != goal && !entry.compareAndSet(slot, word, word(word, goal)));
    }

    /** The number of threads with an entry not at the target. */
    public int remaining() {
        PatchState goal = target;
        int n = 0;
        ListedThreads snapshot = listed;
        for (int slot = 0; slot < snapshot.size(); slot++) {
            if (snapshot.thread(slot) != null && state(snapshot.get(slot)) != goal) {
                n++;
            }
        }
        for (ThreadEntry entry : late.values()) {
            if (state(entry.get()) != goal) {
                n++;
            }
        }
        return n;
    }

    private static PatchState state(long word) {
        return (word & PATCHED_BIT) != 0 ? PatchState.PATCHED : PatchState.UNPATCHED;
    }

    private static long word(long counterSource, PatchState state) {
        return (counterSource & ~PATCHED_BIT) | (state == PatchState.PATCHED ? PATCHED_BIT : 0L);
    }
}
