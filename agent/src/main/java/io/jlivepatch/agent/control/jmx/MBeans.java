package io.jlivepatch.agent.control.jmx;

import io.jlivepatch.agent.control.CommandExecutor;
import io.jlivepatch.agent.control.StatusDocument;
import io.jlivepatch.core.registry.PatchStatus;
import java.lang.management.ManagementFactory;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Keeps jlivepatch's MBeans in the platform MBeanServer in step with the engine: registration only,
 * no connector (whoever wants remote JMX starts the JDK's own agent). Called with each status
 * refresh (after every operation, on transition completion and on class loading): the global
 * {@code io.jlivepatch:type=Livepatch} is registered with the first patch, one
 * {@code io.jlivepatch:type=Patch,name=<name>} per active patch, unregistered once the patch is gone.
 * Registering initializes the platform MBeanServer (tens of milliseconds of CPU), so it waits for the
 * first patch (a JVM that never gets one never pays for it) and runs on the status thread, not on the
 * thread of a command.
 *
 * <p>Thread-safety: {@link #accept} is synchronized; the beans render the last published
 * {@link StatusDocument} at every call.
 */
public final class MBeans implements Consumer<List<PatchStatus>> {

    /** The domain of every jlivepatch MBean. */
    public static final String DOMAIN = "io.jlivepatch";
    private static final System.Logger LOG = System.getLogger("io.jlivepatch");

    private final String version;
    private final Supplier<StatusDocument> status;
    private final CommandExecutor executor;
    private final Set<String> registered = new HashSet<>();
    private boolean global;

    /**
     * @param status the status document last published, which the beans render
     * @param executor runs the beans' operations
     */
    public MBeans(String version, Supplier<StatusDocument> status, CommandExecutor executor) {
        this.version = version;
        this.status = status;
        this.executor = executor;
    }

    /** The name of the MBean of patch {@code name}. */
    public static ObjectName patchName(String name) throws JMException {
        return new ObjectName(DOMAIN + ":type=Patch,name=" + name);
    }

    /** The name of the global MBean. */
    public static ObjectName globalName() throws JMException {
        return new ObjectName(DOMAIN + ":type=Livepatch");
    }

    @Override
    public synchronized void accept(List<PatchStatus> patches) {
        if (!global && patches.isEmpty()) {
            return;
        }
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            if (!global) {
                register(server, new LivepatchBean(version, status), globalName());
                global = true;
            }
            Set<String> now = new HashSet<>();
            for (PatchStatus p : patches) {
                now.add(p.name());
                if (!registered.contains(p.name())) {
                    register(server, new PatchBean(p.name(), status, executor), patchName(p.name()));
                    registered.add(p.name());
                }
            }
            for (String gone : Set.copyOf(registered)) {
                if (!now.contains(gone)) {
                    ObjectName name = patchName(gone);
                    if (server.isRegistered(name)) {
                        server.unregisterMBean(name);
                    }
                    registered.remove(gone);
                }
            }
        } catch (JMException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "jlivepatch: cannot update the io.jlivepatch MBeans: " + e);
        }
    }

    private static void register(MBeanServer server, Object bean, ObjectName name) throws JMException {
        if (server.isRegistered(name)) {
            // Left by an earlier copy of the agent (another class loader): ours replaces it.
            server.unregisterMBean(name);
        }
        server.registerMBean(bean, name);
    }
}
