package io.jlivepatch.agent.boot;

import io.jlivepatch.agent.control.Command;
import io.jlivepatch.agent.control.Control;
import io.jlivepatch.agent.jvm.DaemonScheduler;
import io.jlivepatch.agent.jvm.IndyDispatchTable;
import io.jlivepatch.agent.jvm.InstrumentationClassRedefiner;
import io.jlivepatch.agent.jvm.JvmCallbackRunner;
import io.jlivepatch.agent.jvm.JvmThreadStacks;
import io.jlivepatch.agent.jvm.TrampolineTransformer;
import io.jlivepatch.agent.options.AgentOptions;
import io.jlivepatch.agent.watch.DirectoryWatch;
import io.jlivepatch.core.event.LivepatchListener;
import io.jlivepatch.core.registry.Livepatch;
import io.jlivepatch.runtime.Dispatch;
import java.lang.instrument.Instrumentation;
import java.nio.file.Path;

/**
 * The composition root: wires core to the JVM adapters and the control side, once per JVM; a second
 * attach reuses what the first built, and runs the command it carries (the CLI's {@code command=...}
 * agent options) on the running agent.
 *
 * <p>Without a command, the options' {@code patches=<dir>} is applied before {@code main}: once
 * ({@link PatchDirectory}), or kept as the desired state with {@code watch=true}
 * ({@link DirectoryWatch}, polled on the engine's scheduler thread).
 *
 * <p>It is also the Java API for tests and embedding: {@link #livepatch()} returns the engine of
 * this JVM once the agent has started.
 *
 * <p>Thread-safety: {@link #start} is synchronized, so a concurrent second attach waits for the
 * first; {@code installed} is volatile, published by {@code start} and read by {@link #livepatch}.
 */
public final class Boot {

    private static final System.Logger LOG = System.getLogger("io.jlivepatch");

    private static volatile Installed installed;
    /** The {@code watch=true} directory, once one is watched (one per JVM). Guarded by {@code Boot.class}. */
    private static Path watched;

    /** What one agent start built. */
    private record Installed(Livepatch livepatch, InstrumentationClassRedefiner redefiner, StderrLog stderr,
                             Control control, DaemonScheduler scheduler, LivepatchListener listener) {
    }

    private Boot() {}

    /**
     * Starts (or, on a re-attach, reuses) the agent. Called by {@code AgentMain} after the runtime
     * is on the bootstrap class path.
     *
     * @param args the agent argument string ({@code -javaagent:jar=ARGS}), possibly {@code null}
     * @param inst the JVM's instrumentation
     * @param atStartup {@code true} from {@code premain}, {@code false} from {@code agentmain}
     */
    public static synchronized void start(String args, Instrumentation inst, boolean atStartup) {
        AgentOptions options;
        Command command;
        try {
            options = AgentOptions.parse(args);
            command = Command.from(options);
        } catch (IllegalArgumentException e) {
            if (installed == null) {
                throw e; // AgentMain logs it: the agent did not start
            }
            LOG.log(System.Logger.Level.ERROR, e.getMessage() + " (the running agent is unchanged)");
            return;
        }
        Installed current = installed;
        if (current == null) {
            current = install(inst);
            installed = current;
        }
        if (options.logToStderr()) {
            current.stderr().enable();
        }
        if (command != null) {
            // The CLI's command: run it on the (possibly reused) agent; the reply goes to the agent
            // properties, where the CLI reads it when loadAgent returns.
            current.control().execute(command);
            return;
        }
        if (options.watch()) {
            watch(current, Path.of(options.get(AgentOptions.PATCHES)), options.watchPeriodMillis());
            return;
        }
        PatchDirectory.enableAll(current.livepatch(), current.control(), options.get(AgentOptions.PATCHES));
    }

    /**
     * {@code patches=<dir>,watch=true}: applies the directory now (before {@code main}, at startup),
     * then polls it on the engine's scheduler thread.
     */
    private static void watch(Installed current, Path directory, long periodMillis) {
        if (watched != null) {
            LOG.log(System.Logger.Level.WARNING, "jlivepatch: already watching " + watched + "; not watching "
                    + directory + " as well");
            return;
        }
        watched = directory;
        Command.Requester requester = new Command.Requester(System.getProperty("user.name", "?"),
                ProcessHandle.current().pid(), "watch " + directory);
        DirectoryWatch watch = new DirectoryWatch(directory, periodMillis,
                DirectoryWatch.Engine.of(current.livepatch(), current.control()), current.scheduler(),
                current.listener(), requester);
        watch.converge();
        watch.start();
    }

    private static Installed install(Instrumentation inst) {
        StderrLog stderr = new StderrLog();
        LivepatchListener log = LivepatchListener.both(Boot::log, stderr);
        DaemonScheduler scheduler = new DaemonScheduler();
        Control control = new Control(AgentProperties.open(inst), log, version(), ProcessHandle.current().pid(),
                scheduler);
        TrampolineTransformer transformer = new TrampolineTransformer();
        InstrumentationClassRedefiner redefiner = new InstrumentationClassRedefiner(inst, transformer);
        IndyDispatchTable dispatch = new IndyDispatchTable(inst);
        LivepatchListener listener = LivepatchListener.both(log, control.listener());
        Livepatch livepatch = new Livepatch(redefiner, dispatch, new JvmThreadStacks(inst), scheduler, listener);
        transformer.bind(livepatch);
        Dispatch.install(dispatch);
        JvmCallbackRunner.install(inst, livepatch);
        inst.addTransformer(transformer, true);
        control.bind(livepatch);
        return new Installed(livepatch, redefiner, stderr, control, scheduler, listener);
    }

    /** This agent's version: the jar's {@code Implementation-Version}, or {@code dev} when run from classes. */
    static String version() {
        String version = Boot.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    private static void log(LivepatchListener.Level level, String text) {
        System.Logger.Level mapped = switch (level) {
            case DEBUG -> System.Logger.Level.DEBUG;
            case NOTICE -> System.Logger.Level.INFO;
            case WARNING -> System.Logger.Level.WARNING;
            case ERROR -> System.Logger.Level.ERROR;
        };
        LOG.log(mapped, text);
    }

    /** The engine of this JVM, or {@code null} before the agent started. */
    public static Livepatch livepatch() {
        Installed current = installed;
        return current == null ? null : current.livepatch();
    }

    /** How many {@code retransformClasses} calls the agent made so far ({@code -1} before it started). */
    public static int retransformCalls() {
        Installed current = installed;
        return current == null ? -1 : current.redefiner().retransformCalls();
    }
}
