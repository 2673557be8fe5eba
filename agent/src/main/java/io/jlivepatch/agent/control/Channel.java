package io.jlivepatch.agent.control;

import java.nio.file.Path;

/**
 * The names under which the agent publishes into the target's <em>agent properties</em>
 * ({@code jdk.internal.vm.VMSupport.getAgentProperties()}, read by the CLI with the Attach API's
 * {@code VirtualMachine.getAgentProperties()}): the read-only half of the control channel. The JDK's
 * own management agent publishes its connector address the same way.
 *
 * <p>Every value is a string; JSON where it has structure. Keys are stable: the CLI of one version
 * reads them from an agent of the same version only (a different version is refused before any
 * command), but {@link #VERSION} must keep its meaning forever so that the refusal can name it.
 *
 * <p>Constants only; thread-safe.
 */
public final class Channel {

    /** The running agent's version ({@code Implementation-Version} of its jar). Present once the agent started. */
    public static final String VERSION = "jlivepatch.version";

    /**
     * The status snapshot: the {@code list --json} document (architecture §6) plus {@code generation},
     * {@code agentVersion} and {@code history}. Refreshed after every command, on every engine
     * message, and every {@value StatusPublisher#TICK_MILLIS} ms while a transition runs.
     */
    public static final String STATUS = "jlivepatch.status";

    /**
     * The latest engine messages, one per line: {@code seq TAB level TAB text}, oldest first, at most
     * {@value Journal#CAPACITY} of them. A command's reply names the first sequence number it owns.
     */
    public static final String LOG = "jlivepatch.log";

    /** Prefix of a command's reply, a JSON object (see {@link Reply}); the key ends with the command's id. */
    public static final String REPLY = "jlivepatch.reply.";

    /** How many replies stay published; older ones are removed. */
    public static final int REPLIES_KEPT = 16;

    /**
     * Where a JVM with the agent serves commands ({@link CommandSocket}): {@code <tmp>/.jlivepatch-<pid>/commands},
     * with {@code tmp} the JVM's {@code /tmp} (the CLI reaches it as {@code /proc/<pid>/root/tmp}, like the
     * Attach API its {@code .java_pid<pid>}) and {@code pid} as the JVM's own process namespace numbers it.
     *
     * @param tmp the {@code /tmp} directory as the caller sees the target's
     * @param pid the target's process id in its own namespace
     * @return the socket's path
     */
    public static Path socket(Path tmp, long pid) {
        return tmp.resolve(".jlivepatch-" + pid).resolve("commands");
    }

    private Channel() {}
}
