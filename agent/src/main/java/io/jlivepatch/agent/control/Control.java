package io.jlivepatch.agent.control;

import io.jlivepatch.agent.trust.TrustStore;
import io.jlivepatch.core.event.LivepatchListener;
import io.jlivepatch.core.registry.Livepatch;
import io.jlivepatch.core.registry.PatchStatus;
import io.jlivepatch.core.transition.Scheduler;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The agent's control side in the target, one per JVM: executes commands ({@link CommandExecutor}),
 * publishes replies, messages and status into the agent properties ({@link Channel}), keeps the
 * audit trail ({@link History}), and, where the JVM has the modules, the MBeans and JFR events
 * (both set up lazily: the MBeans with the first patch, the JFR events once a recording exists).
 *
 * <p>Built before the engine (the engine needs {@link #listener()}), then {@link #bind bound} to it.
 * The trust model is the Attach API's: commands arrive only through {@code loadAgent} (or MBean
 * operations and the startup directory, in-process); nothing listens on a socket.
 *
 * <p>Thread-safety: thread-safe; {@link #bind} is called once, before any command.
 */
public final class Control {

    private static final System.Logger LOG = System.getLogger("io.jlivepatch");

    private final String version;
    private final Properties published;
    private final History history = new History();
    private final Journal journal;
    private final OperationEvents events;
    private final StatusPublisher status;
    private final CommandExecutor executor;
    private final LivepatchListener listener;
    private volatile Consumer<List<PatchStatus>> mbeans = patches -> { };

    /**
     * @param published the target's agent properties (or any {@code Properties}, in tests)
     * @param log where audit lines go (the agent's log)
     * @param version this agent's version
     * @param pid this JVM's process id
     * @param scheduler the engine's scheduler (the transition driver's thread), which also runs
     *     the status refreshes, so the agent has no thread of its own
     * @param trust the signers patches must be signed by ({@code trust=<file>}), or {@code null} for
     *     none; fixed for the life of the agent
     */
    public Control(Properties published, LivepatchListener log, String version, long pid, Scheduler scheduler,
                   TrustStore trust) {
        this.version = version;
        this.published = published;
        this.journal = new Journal(published);
        this.events = hasModule("jdk.jfr") ? Jfr.events() : OperationEvents.NONE;
        Signatures signatures = new Signatures();
        this.status = new StatusPublisher(published, history, signatures, pid, version,
                patches -> mbeans.accept(patches), scheduler);
        this.executor = new CommandExecutor(version, journal, history, status, published, log, events, trust,
                signatures);
        LivepatchListener transitions = events.transitions();
        this.listener = (level, text) -> {
            journal.message(level, text);
            transitions.message(level, text);
            status.refreshSoon();
        };
        published.setProperty(Channel.VERSION, version);
    }

    /** The listener the engine must report to (journal, JFR transitions, status refresh). */
    public LivepatchListener listener() {
        return listener;
    }

    /** Binds the engine, sets up the MBeans if the JVM has JMX, and publishes a first status. */
    public void bind(Livepatch livepatch) {
        executor.bind(livepatch);
        if (hasModule("java.management")) {
            mbeans = Jmx.mbeans(version, status::current, executor);
        }
        status.bind(livepatch);
    }

    /** Runs a command; see {@link CommandExecutor#execute}. */
    public Reply execute(Command command) {
        return executor.execute(command);
    }

    /** The audit trail. */
    public History history() {
        return history;
    }

    private static boolean hasModule(String name) {
        // The agent is in an unnamed module, which reads every module of the boot layer.
        boolean present = ModuleLayer.boot().findModule(name).isPresent();
        if (!present) {
            LOG.log(System.Logger.Level.DEBUG, "jlivepatch: no " + name + " in this JVM; its features are off");
        }
        return present;
    }

    /** Loaded only if {@code jdk.jfr} is present, so that no JFR type is resolved otherwise. */
    private static final class Jfr {
        static OperationEvents events() {
            return new io.jlivepatch.agent.control.jfr.LazyJfrEvents();
        }
    }

    /** Loaded only if {@code java.management} is present. */
    private static final class Jmx {
        static Consumer<List<PatchStatus>> mbeans(String version, Supplier<StatusDocument> status,
                                                  CommandExecutor executor) {
            return new io.jlivepatch.agent.control.jmx.MBeans(version, status, executor);
        }
    }
}
