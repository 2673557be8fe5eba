package io.jlivepatch.agent.cli;

import com.sun.tools.attach.AgentInitializationException;
import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import io.jlivepatch.agent.control.Channel;
import io.jlivepatch.agent.control.Command;
import io.jlivepatch.agent.control.CommandSocket;
import io.jlivepatch.agent.control.Reply;
import io.jlivepatch.agent.control.StatusDocument;
import io.jlivepatch.agent.control.json.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * One conversation with a target: reads its agent properties (the read-only half of the control
 * channel: replies, messages, status), its system properties, and sends commands. When the running
 * agent has a command socket ({@link AgentSocket}) all of it goes through the socket and the CLI
 * never attaches (the JVM's first attach costs 130-330 ms); otherwise, or when the socket does not
 * answer, it attaches (once, on first need) and sends commands by loading the agent jar with the
 * command as agent arguments. A jar the target cannot see or read where it is (a container,
 * another user) is handed over first ({@link Handover}); {@link #close} removes the copies and says
 * what was done. Detaches on {@link #close} if it attached.
 *
 * <p>A {@link #send} through {@code loadAgent} costs the target a JVMTI environment (about 2 KB of
 * native memory, never freed; see docs/cli.md), and on JDK 21+ a warning on its standard error unless
 * it runs with {@code -XX:+EnableDynamicAgentLoading}; queries and the command socket cost neither.
 *
 * <p>Not thread-safe: one thread uses a session.
 */
final class Session implements AutoCloseable {

    /** HotSpot (JDK 17) caps each attach-operation argument, {@code <jar>=<options>} included, at 1024 bytes. */
    static final int MAX_AGENT_ARGUMENT = 1024;

    private final Target target;
    private final Consumer<String> notice;
    private Handover handover;
    /** The attached JVM, or {@code null} until something needs the Attach API. */
    private VirtualMachine vm;
    /**
     * The running agent's command socket, or {@code null}: none, or it did not answer a properties
     * request (then everything goes through the Attach API, as without a socket).
     */
    private AgentSocket socket;
    /** The target's system properties once read: nothing the CLI reads from them changes. */
    private Properties systemProperties;

    private Session(Target target, Consumer<String> notice, AgentSocket socket) {
        this.target = target;
        this.notice = notice;
        this.socket = socket;
    }

    /** Opens a session for queries only: nothing is handed over, so there is nothing to say. */
    static Session attach(Target target) throws Failure {
        return attach(target, text -> { });
    }

    /**
     * Opens a session: through the target's command socket if it has one (nothing attaches yet),
     * otherwise attaches now, so that a target that cannot be attached to is refused before anything
     * else. {@code notice} receives the one line that says what {@link Handover} did, if anything,
     * when the session closes.
     */
    static Session attach(Target target, Consumer<String> notice) throws Failure {
        Session session = new Session(target, notice, AgentSocket.find(target));
        if (session.socket == null) {
            session.vm();
        }
        return session;
    }

    /** The attached JVM, attaching on first use. */
    private VirtualMachine vm() throws Failure {
        if (vm == null) {
            try {
                vm = VirtualMachine.attach(Long.toString(target.pid()));
            } catch (AttachNotSupportedException | IOException | RuntimeException e) {
                throw AttachFailures.of(target, "attach to", e);
            }
        }
        return vm;
    }

    /**
     * {@code request}'s answer through the command socket, or {@code null} if there is none or it
     * does not answer: then the socket is given up for this session, commands included.
     */
    private Properties socketProperties(String request, String expected) {
        if (socket == null) {
            return null;
        }
        Properties properties = socket.properties(request, expected);
        if (properties == null) {
            socket = null;
        }
        return properties;
    }

    /**
     * The path under which the target can read {@code file} (handed over if it cannot see or read
     * it where it is; see {@link Handover}).
     *
     * @param sha256 the file's SHA-256 as the CLI read it, or {@code null}
     */
    String visiblePath(Path file, String sha256) throws Failure {
        if (handover == null) {
            handover = new Handover(target, TargetCredentials.of(target.pid()), () -> {
                try {
                    return systemProperties().getProperty("java.io.tmpdir");
                } catch (Failure e) {
                    return null;
                }
            });
        }
        return handover.visiblePath(file, sha256);
    }

    Target target() {
        return target;
    }

    /**
     * Whether commands go through the running agent's command socket, with no agent load (as far as
     * this session knows: it stops when the socket fails to answer a properties request).
     */
    boolean hasCommandSocket() {
        return socket != null;
    }

    /** The target's agent properties, read fresh: through the command socket, or the Attach API. */
    Properties agentProperties() throws Failure {
        Properties properties = socketProperties(CommandSocket.AGENT_PROPERTIES, Channel.VERSION);
        if (properties != null) {
            return properties;
        }
        try {
            return vm().getAgentProperties();
        } catch (IOException | RuntimeException e) {
            throw AttachFailures.of(target, "read the agent properties of", e);
        }
    }

    /**
     * The status document published in {@code agentProperties} of the JVM {@code pid}, or the
     * no-agent document if there is none.
     *
     * @throws Failure if it is not a document this CLI can read
     */
    static StatusDocument status(Properties agentProperties, long pid) throws Failure {
        String text = agentProperties.getProperty(Channel.STATUS);
        if (text == null) {
            return StatusDocument.noAgent(pid);
        }
        try {
            return StatusDocument.fromJson(text);
        } catch (IllegalArgumentException e) {
            throw Failure.refused("the agent published a status this CLI cannot read: " + e.getMessage());
        }
    }

    /** The target's system properties (read once): through the command socket, or the Attach API. */
    Properties systemProperties() throws Failure {
        if (systemProperties != null) {
            return systemProperties;
        }
        systemProperties = socketProperties(CommandSocket.SYSTEM_PROPERTIES, "java.specification.version");
        if (systemProperties != null) {
            return systemProperties;
        }
        try {
            systemProperties = vm().getSystemProperties();
            return systemProperties;
        } catch (IOException | RuntimeException e) {
            throw AttachFailures.of(target, "read the system properties of", e);
        }
    }

    /**
     * Sends {@code command} (which must have an id) through the command socket, or, if there is none
     * or nothing listens on it, by loading {@code agentJar} with it, and returns the agent's reply.
     *
     * @throws Failure if the agent cannot be loaded, or gives no reply
     */
    Reply send(String agentJarPath, Command command) throws Failure {
        return send(agentJarPath, command, 0);
    }

    /**
     * {@link #send(String, Command)}, waiting at most {@code replyTimeoutMillis} ({@code 0}: no
     * limit) for the reply through the command socket. Loading the agent with the command (the
     * first attach) has no such bound: the Attach API's {@code loadAgent} waits for the agent.
     */
    Reply send(String agentJarPath, Command command, long replyTimeoutMillis) throws Failure {
        if (socket != null) {
            Reply reply = socket.send(command, replyTimeoutMillis);
            if (reply != null) {
                return reply;
            }
        }
        String agentJar = visiblePath(Path.of(agentJarPath), null);
        String options = command.toOptions().toString();
        if (agentJar.length() + 1 + options.length() > MAX_AGENT_ARGUMENT) {
            throw Failure.refused("the agent arguments (" + (agentJar.length() + 1 + options.length())
                    + " bytes, mostly the paths of the agent and patch jars) exceed the attach protocol's "
                    + MAX_AGENT_ARGUMENT + " bytes: move the jars to a shorter path");
        }
        try {
            vm().loadAgent(agentJar, options);
        } catch (AgentLoadException | AgentInitializationException | IOException | RuntimeException e) {
            throw AttachFailures.of(target, "load the agent into", e);
        }
        String reply = agentProperties().getProperty(Channel.REPLY + command.id());
        if (reply == null) {
            throw Failure.refused("the jlivepatch agent in " + target + " gave no reply to '" + command.kind().word()
                    + "': look for 'jlivepatch:' lines in the process's standard error");
        }
        try {
            return Reply.fromJson(Json.parseObject(reply));
        } catch (IllegalArgumentException e) {
            throw Failure.refused("the jlivepatch agent in " + target + " gave a reply this CLI cannot read ("
                    + e.getMessage() + "): " + reply);
        }
    }

    @Override
    public void close() {
        if (vm != null) {
            try {
                vm.detach();
            } catch (IOException ignored) {
                // the target went away; nothing to release on our side
            }
        }
        if (handover != null) {
            handover.close();
            String text = handover.describe();
            if (text != null) {
                notice.accept(text);
            }
        }
    }
}
