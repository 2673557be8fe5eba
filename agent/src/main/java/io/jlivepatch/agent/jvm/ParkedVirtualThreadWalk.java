package io.jlivepatch.agent.jvm;

import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A cheap exact check of a <em>parked</em> virtual thread's stack on JDK 25: which of its frames
 * run a transition method. {@link Thread#getStackTrace()} on an unmounted virtual thread walks its
 * continuation and builds a {@link StackTraceElement} for every frame (method name, file, line,
 * module and loader names): 12–17 µs of CPU per thread with 36 frames. Nearly all of that is the
 * per-frame method-name resolution, not the walk: here the continuation is walked with
 * {@code DROP_METHOD_INFO} and {@code RETAIN_CLASS_REFERENCE}, comparing only each frame's class
 * name with the transition's classes (about 3 µs for the same stack); only a thread with a frame of
 * such a class is walked a second time with method names, and only its transition frames become
 * {@link StackTraceElement}s.
 *
 * <p>The thread is held exactly as the JDK holds it for {@code getStackTrace()}
 * ({@code VirtualThread.tryGetStackTrace} in JDK 25): its state is moved from {@code PARKED} (or
 * {@code TIMED_PARKED}) to the same state with the {@code SUSPENDED} bit by a compare-and-set, so
 * that an unpark meanwhile only sets the permit and cannot schedule it; after the walk the state is
 * restored and, if the permit was set meanwhile, the thread is unparked and submitted as the JDK
 * does. The walk is therefore of the thread's real stack at one instant. A thread in any other
 * state (mounted, in a transition, runnable, blocked on a monitor) is not handled: {@link #frames}
 * answers {@code null} and the caller samples it with {@code getStackTrace()}.
 *
 * <p>That protocol is the JDK's private one, read in its JDK 25 sources; so this class opens only on
 * feature release 25 and answers {@code null} from {@link #open} elsewhere (JDK 17 included, where
 * it loads but does nothing). The private members are reached with the agent's trusted lookup
 * ({@link TrustedLookups}); nothing else is opened.
 *
 * <p>Thread-safety: immutable; {@link #frames} may be called by any thread, for different threads
 * concurrently (the compare-and-set serializes holders of one thread, including the JDK's own).
 */
final class ParkedVirtualThreadWalk {

    private static final System.Logger LOG = System.getLogger("io.jlivepatch");
    /** The only release whose {@code VirtualThread} suspend protocol this class follows. */
    static final int JDK = 25;

    private final VarHandle state;
    private final MethodHandle cont;
    private final MethodHandle parkPermit;
    private final MethodHandle submitRunContinuation;
    /** {@code Continuation.stackWalker(Set)}: (Object, Set) StackWalker. */
    private final MethodHandle stackWalker;
    private final int parked;
    private final int timedParked;
    private final int unparked;
    private final int suspended;
    private final Set<StackWalker.Option> classesOnly;

    private ParkedVirtualThreadWalk(VarHandle state, MethodHandle cont, MethodHandle parkPermit,
            MethodHandle submitRunContinuation, MethodHandle stackWalker, int parked, int timedParked, int unparked,
            int suspended, Set<StackWalker.Option> classesOnly) {
        this.state = state;
        this.cont = cont;
        this.parkPermit = parkPermit;
        this.submitRunContinuation = submitRunContinuation;
        this.stackWalker = stackWalker;
        this.parked = parked;
        this.timedParked = timedParked;
        this.unparked = unparked;
        this.suspended = suspended;
        this.classesOnly = classesOnly;
    }

    /**
     * The walk for this JVM, or {@code null} when it is not JDK {@value #JDK} or its internals are
     * not as expected (logged at debug level: the JDK's {@code getStackTrace()} is used then, exact
     * but slower).
     */
    static ParkedVirtualThreadWalk open(Instrumentation inst) {
        if (Runtime.version().feature() != JDK) {
            return null;
        }
        try {
            Class<?> vt = Class.forName("java.lang.VirtualThread");
            Class<?> continuation = Class.forName("jdk.internal.vm.Continuation");
            MethodHandles.Lookup lookup = new TrustedLookups(inst).in(vt);
            MethodHandle walker = lookup.findVirtual(continuation, "stackWalker",
                    MethodType.methodType(StackWalker.class, Set.class))
                    .asType(MethodType.methodType(StackWalker.class, Object.class, Set.class));
            return new ParkedVirtualThreadWalk(
                    lookup.findVarHandle(vt, "state", int.class),
                    lookup.findGetter(vt, "cont", continuation).asType(MethodType.methodType(Object.class, Thread.class)),
                    lookup.findGetter(vt, "parkPermit", boolean.class)
                            .asType(MethodType.methodType(boolean.class, Thread.class)),
                    lookup.findVirtual(vt, "submitRunContinuation", MethodType.methodType(void.class))
                            .asType(MethodType.methodType(void.class, Thread.class)),
                    walker,
                    constant(lookup, vt, "PARKED"),
                    constant(lookup, vt, "TIMED_PARKED"),
                    constant(lookup, vt, "UNPARKED"),
                    constant(lookup, vt, "SUSPENDED"),
                    Set.of(StackWalker.Option.RETAIN_CLASS_REFERENCE, StackWalker.Option.valueOf("DROP_METHOD_INFO")));
        } catch (Throwable e) {
            LOG.log(System.Logger.Level.DEBUG, "jlivepatch: parked virtual threads are sampled with getStackTrace() ("
                    + e + ")");
            return null;
        }
    }

    private static int constant(MethodHandles.Lookup lookup, Class<?> vt, String name) throws Throwable {
        return (int) lookup.findStaticGetter(vt, name, int.class).invoke();
    }

    /**
     * The frames of {@code thread} whose {@code className + "." + methodName} is in
     * {@code methods}, top first, taken at one instant while the thread is held parked; or
     * {@code null} when the thread is not parked now (sample it another way).
     *
     * @param classes the class names of {@code methods}
     */
    List<StackTraceElement> frames(Thread thread, Set<String> classes, Set<String> methods) throws Throwable {
        int initial = (int) state.getVolatile(thread);
        if ((initial != parked && initial != timedParked)
                || !state.compareAndSet(thread, initial, initial | suspended)) {
            return null;
        }
        try {
            Object continuation = cont.invokeExact(thread);
            boolean suspect = ((StackWalker) stackWalker.invokeExact(continuation, classesOnly))
                    .walk(s -> s.anyMatch(f -> classes.contains(f.getDeclaringClass().getName())));
            if (!suspect) {
                return List.of();
            }
            // Still held: the second walk sees the same stack as the first.
            return ((StackWalker) stackWalker.invokeExact(continuation, Set.<StackWalker.Option>of()))
                    .walk(s -> {
                        List<StackTraceElement> found = new ArrayList<>();
                        s.filter(f -> classes.contains(f.getClassName())
                                        && methods.contains(f.getClassName() + "." + f.getMethodName()))
                                .forEach(f -> found.add(f.toStackTraceElement()));
                        return found;
                    });
        } finally {
            state.setVolatile(thread, initial);
            // As the JDK does after its own walk: an unpark (or the park's timeout) that came while
            // the thread was held only set the permit; schedule the thread now, or it would never
            // run again. Done in finally so that a failed walk cannot strand it either.
            if ((boolean) parkPermit.invokeExact(thread) && state.compareAndSet(thread, initial, unparked)) {
                submitRunContinuation.invokeExact(thread);
            }
        }
    }
}
