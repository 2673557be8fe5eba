package io.jlivepatch.agent.jvm;

import io.jlivepatch.core.model.MethodRef;
import io.jlivepatch.core.weave.Trampoline;
import io.jlivepatch.core.weave.WeaveException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.util.List;
import java.util.Set;

/**
 * Runs, off the command path, the JVM-wide code a first transition would otherwise run cold: the
 * weaver and the replacement-class rewriting (ASM, interpreted at first), the trusted lookup and the
 * first hidden nestmate definition, the dispatch table's switching call-site shapes, the first
 * {@code retransformClasses} through the agent's transformer, the thread sampler
 * ({@code ThreadMXBean}), the formatting of a first log line (time zones, locale data, resource
 * bundles), and the platform MBean server, where the first patch registers its MBeans on the
 * transition driver's thread. Measured in docs/performance.md §5: without it, a first transition in
 * a fresh JVM pays for all of this.
 *
 * <p>It changes nothing in the JVM that anyone can see: the woven bytes are dropped; the one class
 * it defines is a hidden nestmate of this class, unreachable once the warm-up returns (so it can be
 * unloaded); the one class it retransforms is {@link Sample}, its own, which the transformer leaves
 * as it is (no patch names it); it does not go through the engine's redefiner, so nothing counts or
 * logs it.
 *
 * <p>Immutable and thread-safe (run it once per engine; running it again only repeats the work).
 */
public final class Warmup {

    private final Instrumentation inst;
    private final IndyDispatchTable dispatch;
    private final JvmThreadStacks stacks;

    /**
     * @param inst the JVM's instrumentation, with the agent's transformer added
     * @param dispatch the engine's dispatch table (for its trusted lookup)
     * @param stacks the engine's thread sampler
     */
    public Warmup(Instrumentation inst, IndyDispatchTable dispatch, JvmThreadStacks stacks) {
        this.inst = inst;
        this.dispatch = dispatch;
        this.stacks = stacks;
    }

    /** Runs every warm-up step; a step that fails is skipped (the real first transition will report it). */
    public void run() {
        byte[][] renamed = new byte[1][];
        step(() -> renamed[0] = weave());
        step(() -> defineNestmate(renamed[0]));
        step(this::retransform);
        step(() -> stacks.sample(List.of(Thread.currentThread())));
        step(LogFormat::warm);
        step(Management::warm);
    }

    private static void step(Runnable step) {
        try {
            step.run();
        } catch (RuntimeException | LinkageError e) {
            // only a head start
        }
    }

    /** Weaves and renames a class of our own, as enable does for a target and a replacement. */
    private static byte[] weave() {
        byte[] bytes = bytesOf(Sample.class);
        try {
            Trampoline.weave(bytes, Set.of(new MethodRef("version", "()Ljava/lang/String;")));
        } catch (WeaveException e) {
            throw new IllegalStateException(e);
        }
        return NestmateRewrite.renameInto(bytes, Sample.class.getName(), Warmup.class);
    }

    /**
     * Defines {@code renamed} as a hidden nestmate of this class through the trusted lookup, as
     * enable defines a replacement class next to its target, and calls it through the switching
     * call-site shapes of a transition ({@link IndyDispatchTable#warm}).
     */
    private void defineNestmate(byte[] renamed) {
        if (renamed == null) {
            return; // the weave step failed; nothing to define
        }
        try {
            MethodHandle original = MethodHandles.lookup().findStatic(Sample.class, "version",
                    MethodType.methodType(String.class));
            dispatch.warm(Warmup.class, renamed, "version", original);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@code retransformClasses} of {@link Sample}: the JVM's first class retransformation and the
     * agent's transformer's first call with a class in it, both of which enable pays for otherwise.
     * Unchanged bytes, on a class only this warm-up uses.
     */
    private void retransform() {
        try {
            inst.retransformClasses(Sample.class);
        } catch (UnmodifiableClassException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytesOf(Class<?> type) {
        String resource = type.getName().substring(type.getPackageName().length() + 1) + ".class";
        try (InputStream in = type.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no class file for " + type);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A method shaped like a patch target: what the weaver and the call sites are warmed on. */
    static final class Sample {
        private Sample() {}

        static String version() {
            return "original";
        }
    }

    /** Starts the platform MBean server. Only loaded if {@code java.management} is present. */
    private static final class Management {
        static void warm() {
            if (ModuleLayer.boot().findModule("java.management").isPresent()) {
                java.lang.management.ManagementFactory.getPlatformMBeanServer();
            }
        }
    }

    /**
     * Formats, without publishing, one record the way the application's {@code java.util.logging}
     * handlers would format the agent's first message. Only loaded if {@code java.logging} is present.
     */
    private static final class LogFormat {
        static void warm() {
            if (ModuleLayer.boot().findModule("java.logging").isEmpty()) {
                return;
            }
            System.getLogger("io.jlivepatch").isLoggable(System.Logger.Level.INFO);
            java.util.logging.LogRecord record = new java.util.logging.LogRecord(java.util.logging.Level.INFO,
                    "jlivepatch: warm-up");
            record.setLoggerName("io.jlivepatch");
            for (java.util.logging.Logger logger = java.util.logging.Logger.getLogger("io.jlivepatch"); logger != null;
                 logger = logger.getParent()) {
                for (java.util.logging.Handler handler : logger.getHandlers()) {
                    java.util.logging.Formatter formatter = handler.getFormatter();
                    if (formatter != null) {
                        formatter.format(record);
                    }
                }
            }
        }
    }
}
