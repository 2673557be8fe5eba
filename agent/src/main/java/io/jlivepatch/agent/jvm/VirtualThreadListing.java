package io.jlivepatch.agent.jvm;

import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The target's virtual threads (JDK 21+), which no public API lists: neither the thread groups,
 * {@code Thread.getAllStackTraces()}, {@code ThreadMXBean} nor JVMTI's {@code GetAllThreads} see
 * them. They are listed the way the JDK's own thread dump ({@code jcmd Thread.dump_to_file}) does:
 * from the root of {@code jdk.internal.vm.ThreadContainers}, walking every container's children and
 * threads. {@code java.base} does not export that package; it is exported to the agent's module
 * only, with {@link Instrumentation#redefineModule}, which is what that method is for.
 *
 * <p>Everything is looked up by reflection, once, so that this class loads and runs on JDK 17,
 * where {@link #open} answers {@link #NONE} (no virtual threads exist there). With
 * {@code -Djdk.trackAllThreads=false} the root container only counts the virtual threads started
 * directly with the Thread API; {@link #open} logs a warning that names what a transition cannot
 * see then.
 *
 * <p>Thread-safety: immutable once opened; {@link #list} may be called by any thread.
 */
final class VirtualThreadListing {

    /** For JDKs without virtual threads: lists nothing, and no thread is virtual. */
    static final VirtualThreadListing NONE = new VirtualThreadListing(null, null, null, null);

    private static final System.Logger LOG = System.getLogger("io.jlivepatch");
    private static final String PACKAGE = "jdk.internal.vm";

    /** {@code Thread.isVirtual()}: (Thread) boolean; null before JDK 21. */
    private final MethodHandle isVirtual;
    /** {@code ThreadContainers.root()}: () Object; null when the containers cannot be read. */
    private final MethodHandle root;
    /** {@code ThreadContainer.children()}: (Object) Stream. */
    private final MethodHandle children;
    /** {@code ThreadContainer.threads()}: (Object) Stream. */
    private final MethodHandle threads;

    private VirtualThreadListing(MethodHandle isVirtual, MethodHandle root, MethodHandle children,
            MethodHandle threads) {
        this.isVirtual = isVirtual;
        this.root = root;
        this.children = children;
        this.threads = threads;
    }

    /** The one listing of this JVM, opened by the first {@link #shared} call. Guarded by the class. */
    private static VirtualThreadListing shared;

    /**
     * The listing for this JVM, opened once (so its warnings are logged once): by the agent's first
     * start when {@code jdk.trackAllThreads} is set, otherwise with the engine.
     */
    static synchronized VirtualThreadListing shared(Instrumentation inst) {
        if (shared == null) {
            shared = open(inst);
        }
        return shared;
    }

    /**
     * The listing for this JVM: {@link #NONE} before JDK 21; on JDK 21+ one that reads the thread
     * containers, or, when they cannot be read, one that only tells virtual threads apart (logged).
     */
    static VirtualThreadListing open(Instrumentation inst) {
        MethodHandle isVirtual;
        try {
            isVirtual = MethodHandles.publicLookup().findVirtual(Thread.class, "isVirtual",
                    MethodType.methodType(boolean.class));
        } catch (NoSuchMethodException | IllegalAccessException e) {
            return NONE; // JDK 17-20: no virtual threads
        }
        try {
            Module base = Object.class.getModule();
            Module agent = VirtualThreadListing.class.getModule();
            if (!base.isExported(PACKAGE, agent)) {
                inst.redefineModule(base, Set.of(), Map.of(PACKAGE, Set.of(agent)), Map.of(), Set.of(), Map.of());
            }
            Class<?> containers = Class.forName(PACKAGE + ".ThreadContainers");
            Class<?> container = Class.forName(PACKAGE + ".ThreadContainer");
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            MethodHandle root = lookup.findStatic(containers, "root", MethodType.methodType(container))
                    .asType(MethodType.methodType(Object.class));
            MethodHandle children = lookup.findVirtual(container, "children", MethodType.methodType(Stream.class))
                    .asType(MethodType.methodType(Stream.class, Object.class));
            MethodHandle threads = lookup.findVirtual(container, "threads", MethodType.methodType(Stream.class))
                    .asType(MethodType.methodType(Stream.class, Object.class));
            boolean trackAll = (boolean) lookup.findStatic(containers, "trackAllThreads",
                    MethodType.methodType(boolean.class)).invokeExact();
            if (!trackAll) {
                LOG.log(System.Logger.Level.WARNING, "jlivepatch: this JVM runs with -Djdk.trackAllThreads=false, so"
                        + " the virtual threads started directly with the Thread API (Thread.ofVirtual().start,"
                        + " Thread.startVirtualThread) cannot be listed: a transition does not see one that is inside"
                        + " a patched method when it starts, and such a thread may then run old and new versions in"
                        + " one stack. Virtual threads of executors (Executors.newVirtualThreadPerTaskExecutor) and"
                        + " structured task scopes are listed. Remove -Djdk.trackAllThreads=false for the full"
                        + " guarantee.");
            }
            return new VirtualThreadListing(isVirtual, root, children, threads);
        } catch (Throwable e) {
            LOG.log(System.Logger.Level.WARNING, "jlivepatch: cannot list this JVM's virtual threads (" + e
                    + "): a transition does not see a virtual thread that is inside a patched method when it starts,"
                    + " and such a thread may then run old and new versions in one stack");
            return new VirtualThreadListing(isVirtual, null, null, null);
        }
    }

    /**
     * For tests on JDK 17: a listing that lists nothing and takes exactly the threads of
     * {@code virtual} for virtual ones, so that their samples take the virtual threads' path.
     */
    static VirtualThreadListing deeming(Set<Thread> virtual) {
        try {
            MethodHandle contains = MethodHandles.publicLookup().findVirtual(Set.class, "contains",
                    MethodType.methodType(boolean.class, Object.class)).bindTo(virtual);
            return new VirtualThreadListing(contains.asType(MethodType.methodType(boolean.class, Thread.class)),
                    null, null, null);
        } catch (NoSuchMethodException | IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether {@code thread} is a virtual thread (never, before JDK 21). */
    boolean isVirtual(Thread thread) {
        if (isVirtual == null) {
            return false;
        }
        try {
            return (boolean) isVirtual.invokeExact(thread);
        } catch (Throwable e) {
            throw new IllegalStateException("Thread.isVirtual failed", e);
        }
    }

    /**
     * The virtual threads started and not ended now, as far as the thread containers track them.
     * Not an atomic snapshot: each container's set is read once, so a thread started before the
     * call and still alive is listed (a weakly consistent iteration sees what was there when it
     * began), and one started or ended meanwhile may or may not be.
     */
    List<Thread> list() {
        if (root == null) {
            return List.of();
        }
        List<Thread> result = new ArrayList<>();
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Object> todo = new ArrayDeque<>();
        try {
            todo.push(root.invokeExact());
            while (!todo.isEmpty()) {
                Object container = todo.pop();
                if (!seen.add(container)) {
                    continue;
                }
                try (Stream<?> members = (Stream<?>) threads.invokeExact(container)) {
                    members.forEach(t -> {
                        if (isVirtual((Thread) t)) {
                            result.add((Thread) t);
                        }
                    });
                }
                try (Stream<?> nested = (Stream<?>) children.invokeExact(container)) {
                    nested.forEach(todo::push);
                }
            }
        } catch (Throwable e) {
            throw new IllegalStateException("cannot list the virtual threads from jdk.internal.vm.ThreadContainers", e);
        }
        return result;
    }
}
