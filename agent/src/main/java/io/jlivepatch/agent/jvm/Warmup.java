package io.jlivepatch.agent.jvm;

import io.jlivepatch.core.model.MethodRef;
import io.jlivepatch.core.weave.Trampoline;
import io.jlivepatch.core.weave.WeaveException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.MutableCallSite;
import java.util.List;
import java.util.Set;

/**
 * Runs, off the command path, the JVM-wide code a first transition would otherwise run cold: the
 * weaver and the replacement-class rewriting (ASM, interpreted at first), the thread sampler
 * ({@code ThreadMXBean}), call-site retargeting, the formatting of a first log line (time zones,
 * locale data, resource bundles), and the platform MBean server, where the first patch registers its
 * MBeans on the transition driver's thread. Measured in docs/performance.md §4: without it, a first transition
 * in a fresh JVM pays for all of this.
 *
 * <p>It changes nothing in the JVM that anyone can see: the woven and renamed bytes are dropped,
 * nothing is defined or retransformed, nothing is logged.
 *
 * <p>Stateless and thread-safe.
 */
public final class Warmup {

    private Warmup() {}

    /** Runs every warm-up step; a step that fails is skipped (the real first transition will report it). */
    public static void run(JvmThreadStacks stacks) {
        step(Warmup::weave);
        step(() -> stacks.sample(List.of(Thread.currentThread())));
        step(Warmup::callSite);
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
    private static void weave() {
        byte[] bytes = bytesOf(Sample.class);
        try {
            Trampoline.weave(bytes, Set.of(new MethodRef("version", "()Ljava/lang/String;")));
        } catch (WeaveException e) {
            throw new IllegalStateException(e);
        }
        NestmateRewrite.renameInto(bytes, Sample.class.getName(), Warmup.class);
    }

    private static void callSite() {
        try {
            MethodHandle original = MethodHandles.lookup().findStatic(Sample.class, "version",
                    MethodType.methodType(String.class));
            MutableCallSite site = new MutableCallSite(original);
            site.setTarget(MethodHandles.constant(String.class, "patched"));
            MutableCallSite.syncAll(new MutableCallSite[] {site});
            String ignored = (String) site.dynamicInvoker().invokeExact();
        } catch (Throwable e) {
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
