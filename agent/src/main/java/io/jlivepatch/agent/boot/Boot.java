package io.jlivepatch.agent.boot;

import io.jlivepatch.agent.control.Command;
import io.jlivepatch.agent.control.Channel;
import io.jlivepatch.agent.control.CommandSocket;
import io.jlivepatch.agent.control.Reply;
import io.jlivepatch.agent.control.StatusDocument;
import io.jlivepatch.agent.jvm.DaemonScheduler;
import io.jlivepatch.agent.jvm.JvmThreadStacks;
import io.jlivepatch.agent.options.AgentOptions;
import io.jlivepatch.agent.trust.TrustStore;
import io.jlivepatch.agent.watch.DirectoryWatch;
import io.jlivepatch.core.event.LivepatchListener;
import io.jlivepatch.core.registry.Livepatch;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.function.Function;

/**
 * The composition root: wires core to the JVM adapters and the control side, once per JVM; a second
 * attach reuses what the first built, and runs the command it carries (the CLI's {@code command=...}
 * agent options) on the running agent.
 *
 * <p>It costs nothing until there is work: a start with no patch to apply (no {@code patches=<dir>},
 * or an empty one, and no command) only publishes the agent's version and an empty status into the
 * agent properties. The runtime's classes ({@link RuntimeClasses}), the engine, ASM, the transformer,
 * JMX and JFR ({@link Engine}) come with the first patch or command, or the first call of
 * {@link #livepatch()}. Nothing is woven and nothing can be patched before, so nothing needs them.
 *
 * <p>Without a command, the options' {@code patches=<dir>} is applied before {@code main}: once
 * ({@link PatchDirectory}), or kept as the desired state with {@code watch=true}
 * ({@link DirectoryWatch}, polled on the engine's scheduler thread). An empty watched directory keeps
 * the agent dormant: {@link DormantWatch} only lists it until a jar appears.
 *
 * <p>Fail closed: with {@code trust=<file>} the agent checks every patch's signature, a setting no
 * later attach can change (the store is read once, at the first start, before anything else). If
 * the agent given at startup did not start (an unreadable trust store, a bad option),
 * {@code AgentMain} records why in the system property {@value #STARTUP_FAILED}; a later attach then
 * starts nothing and refuses its command with that reason, rather than run patches without the
 * checks the operator asked for.
 *
 * <p>It is also the Java API for tests and embedding: {@link #livepatch()} returns the engine of
 * this JVM once the agent has started.
 *
 * <p>Thread-safety: {@link #start} is synchronized, so a concurrent second attach waits for the
 * first; {@code engine} is volatile, built under the monitor and read without it.
 */
public final class Boot {

    /**
     * The system property where {@code AgentMain} records why the agent given at startup did not
     * start; while it is set, no later attach starts an agent.
     */
    public static final String STARTUP_FAILED = "jlivepatch.agent.startupFailed";

    /** The signers patches must be signed by, or {@code null}; set by the first start. Guarded by {@code Boot.class}. */
    private static TrustStore trust;
    /** Set by the first start; guarded by {@code Boot.class}. */
    private static Instrumentation instrumentation;
    private static Properties published;
    private static StderrLog stderr;
    private static volatile Engine engine;
    /** The {@code watch=true} directory, once one is watched (one per JVM). Guarded by {@code Boot.class}. */
    private static Path watched;
    /**
     * The scheduler the engine runs on; created before the engine when a dormant agent watches a
     * directory (its polls run there). Guarded by {@code Boot.class}.
     */
    private static DaemonScheduler scheduler;
    /** Whether {@link #prepare} started its thread. Guarded by {@code Boot.class}. */
    private static boolean preparing;

    private Boot() {}

    /**
     * Starts (or, on a re-attach, reuses) the agent. Called by {@code AgentMain}.
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
            if (instrumentation == null) {
                throw e; // AgentMain logs it: the agent did not start
            }
            logger().log(System.Logger.Level.ERROR, e.getMessage() + " (the running agent is unchanged)");
            return;
        }
        if (instrumentation == null) {
            String failure = System.getProperty(STARTUP_FAILED);
            if (failure != null) {
                refuse(inst, command, "the jlivepatch agent given at startup did not start (" + failure
                        + "), so this process takes no patches: fix its -javaagent options and restart it");
                return;
            }
            String store = options.get(AgentOptions.TRUST);
            // Read before anything starts: if it fails, the agent does not start at all.
            trust = store == null ? null : TrustStore.load(Path.of(store));
            begin(inst);
            if (trust != null) {
                logger().log(System.Logger.Level.INFO, "jlivepatch: patches must be signed by one of the "
                        + trust.size() + " certificates of " + store);
            }
        } else if (options.get(AgentOptions.TRUST) != null) {
            // The trust store is fixed for the life of the agent: a later attach can neither drop nor swap it.
            refuse(inst, command, "trust= is set when the agent starts and cannot be changed; the running agent "
                    + (trust == null ? "has no trust store" : "trusts " + trust.file()));
            return;
        } else {
            // Loaded again: the CLI found no command socket to use (a /tmp cleaner may have deleted
            // it), so have the socket's thread check its file now and bind it again if needed.
            CommandSocket.recover();
        }
        if (options.logToStderr()) {
            stderr.enable();
        }
        if (command != null) {
            // The CLI's command: run it on the (possibly reused) agent; the reply goes to the agent
            // properties, where the CLI reads it when loadAgent returns.
            engine().control().execute(command);
            return;
        }
        if (options.watch()) {
            watch(Path.of(options.get(AgentOptions.PATCHES)), options.watchPeriodMillis());
            return;
        }
        String directory = options.get(AgentOptions.PATCHES);
        if (directory != null && !PatchDirectory.jars(Path.of(directory)).isEmpty()) {
            Engine current = engine();
            PatchDirectory.enableAll(current.livepatch(), current.control(), directory);
        }
    }

    /**
     * The first start in this JVM: what a dormant agent needs, nothing more. Publishing into the agent
     * properties and opening the command socket happen on the socket's daemon thread, off the
     * application's startup path (and without a lambda, a logger or {@code ProcessHandle} on it:
     * each would initialize a JDK subsystem the application may never use).
     */
    private static void begin(Instrumentation inst) {
        if (inst == null) {
            throw new IllegalArgumentException("jlivepatch: the JVM gave the agent no Instrumentation");
        }
        stderr = new StderrLog();
        instrumentation = inst;
        Thread commands = new CommandThread();
        commands.setDaemon(true);
        commands.start();
    }

    /**
     * The agent properties, with this agent's version and, until the engine publishes its own, an
     * empty status; opened on first use.
     */
    private static synchronized Properties published() {
        if (published == null) {
            Properties properties = AgentProperties.open(instrumentation);
            String version = version();
            properties.setProperty(Channel.VERSION, version);
            if (engine == null) {
                properties.setProperty(Channel.STATUS, new StatusDocument(ProcessHandle.current().pid(), null,
                        List.of(), version, 0, List.of()).toJson());
            }
            published = properties;
        }
        return published;
    }

    /** Publishes the agent properties, then serves the command socket, forever. */
    private static final class CommandThread extends Thread implements Function<Command, Reply> {
        CommandThread() {
            super("jlivepatch-commands");
        }

        @Override
        public void run() {
            try {
                Properties properties = published();
                if (System.getProperty("jdk.trackAllThreads") != null) {
                    // Say now, not at the first patch, which virtual threads transitions cannot see.
                    JvmThreadStacks.openListing(instrumentation);
                }
                CommandSocket.serve(ProcessHandle.current().pid(), this, new Prepare(), properties);
            } catch (Throwable t) {
                // Never an uncaught exception (a stack trace on the application's stderr) from our thread.
                logger().log(System.Logger.Level.WARNING, "jlivepatch: the command thread stopped: " + t);
            }
        }

        /** A command from the command socket: runs it on the engine (built now if needed); never throws. */
        @Override
        public Reply apply(Command command) {
            try {
                return engine().control().execute(command);
            } catch (RuntimeException e) {
                logger().log(System.Logger.Level.ERROR, "jlivepatch: " + command.kind().word() + " failed", e);
                return new Reply(command.id(), command.kind().word(), false, false, command.subject(), null,
                        "the agent cannot run commands: " + e.getMessage(), 0);
            }
        }
    }

    /** {@link #prepare}, for the command socket's {@code prepare} request. */
    private static final class Prepare implements Runnable {
        @Override
        public void run() {
            prepare();
        }
    }

    private static System.Logger logger() {
        return System.getLogger("io.jlivepatch");
    }

    /**
     * The engine, built now if this is the first work the agent gets.
     *
     * @throws IllegalStateException if the runtime cannot be defined in the boot loader
     */
    static Engine engine() {
        Engine current = engine;
        if (current != null) {
            return current;
        }
        synchronized (Boot.class) {
            if (engine == null) {
                try {
                    RuntimeClasses.defineInBootLoader(instrumentation);
                } catch (IOException e) {
                    throw new IllegalStateException("jlivepatch: " + e.getMessage(), e);
                }
                engine = Engine.install(instrumentation, published(), LivepatchListener.both(Boot::log, stderr),
                        version(), trust, scheduler());
            }
            return engine;
        }
    }

    /**
     * Gets a dormant agent ready for its first work in the background, so that the first patch does
     * not pay for it: defines the runtime, builds the engine and warms the code a first transition
     * runs ({@link Engine#warm}), on a daemon thread. Called when a patch is on its way (the CLI
     * says so on the command socket before it reads the jar and attaches), never at startup. Returns at once; does
     * nothing if the agent has not started, is already built, or is being prepared.
     */
    public static void prepare() {
        synchronized (Boot.class) {
            if (instrumentation == null || engine != null || preparing) {
                return;
            }
            preparing = true;
        }
        Thread thread = new Thread("jlivepatch-warmup") {
            @Override
            public void run() {
                try {
                    engine().warm();
                } catch (Throwable t) {
                    // Only a head start: the first command builds what is missing and reports any error.
                    logger().log(System.Logger.Level.DEBUG, "jlivepatch: warm-up failed: " + t);
                }
            }
        };
        thread.setDaemon(true);
        thread.start();
    }

    /** Logs {@code why}, and answers {@code command} (if any) with a refusal the CLI reads. */
    private static void refuse(Instrumentation inst, Command command, String why) {
        logger().log(System.Logger.Level.ERROR, "jlivepatch: " + why);
        if (command != null && command.id() != null) {
            Reply reply = new Reply(command.id(), command.kind().word(), false, false, command.subject(), null, why, 0);
            AgentProperties.open(inst).setProperty(Channel.REPLY + command.id(), reply.toJson());
        }
    }

    /**
     * {@code patches=<dir>,watch=true}. A directory with a patch jar (or an agent whose engine is
     * built already) is applied now, before {@code main} at startup, then polled on the engine's
     * scheduler thread. An empty (or unreadable) directory leaves the agent dormant: a
     * {@link DormantWatch} lists it every period on the same scheduler, and the engine is built only
     * when a jar appears ({@link #watchFromNow}).
     */
    private static void watch(Path directory, long periodMillis) {
        if (watched != null) {
            logger().log(System.Logger.Level.WARNING, "jlivepatch: already watching " + watched + "; not watching "
                    + directory + " as well");
            return;
        }
        watched = directory;
        boolean work;
        try {
            work = engine != null || PatchDirectory.hasJar(directory);
        } catch (IOException e) {
            work = false; // the dormant watch's first poll says why, off the startup path
        }
        if (!work) {
            new DormantWatch(directory, periodMillis, scheduler()).start();
            return;
        }
        DirectoryWatch watch = directoryWatch(directory, periodMillis);
        watch.converge();
        watch.start();
    }

    /**
     * The dormant watch found a jar: builds the engine and hands the directory to the full watch,
     * whose first poll runs at once. Called on the scheduler thread, so no {@link DirectoryWatch#converge}
     * (it would wait for transitions that this very thread drives).
     */
    static void watchFromNow(Path directory, long periodMillis) {
        note(System.Logger.Level.INFO, "jlivepatch: watch " + directory + ": a patch jar appeared; starting the engine");
        directoryWatch(directory, periodMillis).startNow();
    }

    private static DirectoryWatch directoryWatch(Path directory, long periodMillis) {
        Engine current = engine();
        Command.Requester requester = new Command.Requester(System.getProperty("user.name", "?"),
                ProcessHandle.current().pid(), "watch " + directory);
        return new DirectoryWatch(directory, periodMillis,
                DirectoryWatch.Engine.of(current.livepatch(), current.control()), current.scheduler(),
                current.listener(), requester);
    }

    /** The agent's scheduler, created on first use (the engine's, or a dormant watch's before it). */
    private static synchronized DaemonScheduler scheduler() {
        if (scheduler == null) {
            scheduler = new DaemonScheduler();
        }
        return scheduler;
    }

    /** Whether the engine has been built (the agent is no longer dormant). */
    static boolean engineBuilt() {
        return engine != null;
    }

    /** Logs {@code text} as the engine's messages are logged, also on stderr with {@code log=stderr}, before there is an engine. */
    static void note(System.Logger.Level level, String text) {
        logger().log(level, text);
        stderr.message(level == System.Logger.Level.ERROR ? LivepatchListener.Level.ERROR
                : level == System.Logger.Level.WARNING ? LivepatchListener.Level.WARNING
                : LivepatchListener.Level.NOTICE, text);
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
        logger().log(mapped, text);
    }

    /**
     * The engine of this JVM, or {@code null} before the agent started. An agent that has had no
     * work yet builds its engine now.
     */
    public static Livepatch livepatch() {
        synchronized (Boot.class) {
            if (instrumentation == null) {
                return null;
            }
        }
        return engine().livepatch();
    }

    /** How many {@code retransformClasses} calls the agent made so far ({@code -1} before it started). */
    public static int retransformCalls() {
        Engine current = engine;
        if (current != null) {
            return current.redefiner().retransformCalls();
        }
        synchronized (Boot.class) {
            return instrumentation == null ? -1 : 0;
        }
    }
}
