package io.jlivepatch.agent.cli;

import io.jlivepatch.agent.control.Channel;
import io.jlivepatch.agent.control.Command;
import io.jlivepatch.agent.control.CommandSocket;
import io.jlivepatch.agent.control.Reply;
import io.jlivepatch.agent.control.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.util.EnumSet;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import jdk.net.ExtendedSocketOptions;

/**
 * The CLI's end of a running agent's command socket ({@code CommandSocket} in the target, at
 * {@link Channel#socket}): sends one command and reads its reply, with no {@code loadAgent}, and
 * reads the target's agent and system properties, with no attach. Found
 * through {@code /proc/<pid>/root/tmp}, so a target in another mount namespace (a container) is
 * reached the way the Attach API reaches it.
 *
 * <p>It trusts a socket only if it is where the target's user alone could have put it: the directory
 * must be owned by the user that owns the process, with mode 0700, and the process serving the socket
 * must run as that user ({@code SO_PEERCRED}). Otherwise the CLI ignores it and loads the agent
 * instead.
 *
 * <p>Immutable; not meant for concurrent use (one command at a time, on the CLI's main thread).
 */
final class AgentSocket {

    private static final EnumSet<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);

    /**
     * How long a properties request may take before the CLI attaches instead: the agent answers it on
     * a fresh thread from what is published, without its engine, in about a millisecond.
     */
    static final long PROPERTIES_TIMEOUT_MILLIS = 5_000;

    private final Target target;
    private final Path path;
    private final UserPrincipal owner;

    private AgentSocket(Target target, Path path, UserPrincipal owner) {
        this.target = target;
        this.path = path;
        this.owner = owner;
    }

    /** The target's command socket, or {@code null} if it has none this CLI may trust. */
    static AgentSocket find(Target target) {
        Path process = Path.of("/proc", Long.toString(target.pid()));
        Path socket = Channel.socket(process.resolve("root").resolve("tmp"), namespacePid(process, target.pid()));
        try {
            UserPrincipal owner = Files.getOwner(process);
            PosixFileAttributes directory = Files.getFileAttributeView(socket.getParent(), PosixFileAttributeView.class,
                    LinkOption.NOFOLLOW_LINKS).readAttributes();
            if (!directory.isDirectory() || !directory.owner().equals(owner)
                    || !directory.permissions().equals(OWNER_ONLY) || !Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
                return null;
            }
            return new AgentSocket(target, socket, owner);
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return null; // no socket, no /proc, or not ours to see: the Attach API decides
        }
    }

    /**
     * Tells the target's agent, if it has a command socket, that a patch is on its way, so that it
     * gets ready (builds its engine, warms the transition code) while this CLI reads the jar and checks
     * the target; does not wait. Best effort: any failure is ignored.
     */
    static void announce(Target target) {
        AgentSocket socket = find(target);
        if (socket == null) {
            return;
        }
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket.path));
            if (channel.getOption(ExtendedSocketOptions.SO_PEERCRED).user().equals(socket.owner)) {
                channel.write(ByteBuffer.wrap((CommandSocket.PREPARE + "\n").getBytes(StandardCharsets.UTF_8)));
            }
        } catch (IOException | RuntimeException e) {
            // only a head start for the target
        }
    }

    /**
     * Sends {@code command} and returns the agent's reply, or {@code null} if nothing listens on the
     * socket any more (a stale socket file): then the command was not delivered.
     *
     * @param replyTimeoutMillis how long to wait for the reply; {@code 0} waits as long as it takes
     * @throws Failure if the command may have been delivered but no valid reply came back, or (exit
     *     code 3) none came within {@code replyTimeoutMillis}
     */
    Reply send(Command command, long replyTimeoutMillis) throws Failure {
        SocketChannel channel;
        try {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
        try (channel) {
            try {
                channel.connect(UnixDomainSocketAddress.of(path));
            } catch (IOException e) {
                return null; // nobody listens: not delivered
            }
            UserPrincipal server = channel.getOption(ExtendedSocketOptions.SO_PEERCRED).user();
            if (!server.equals(owner)) {
                throw Failure.refused("the command socket " + path + " of " + target + " is served by user '"
                        + server.getName() + "', not by the process's user '" + owner.getName()
                        + "': nothing was sent");
            }
            channel.write(ByteBuffer.wrap((command.toOptions() + "\n").getBytes(StandardCharsets.UTF_8)));
            channel.shutdownOutput();
            String reply = readAll(channel, replyTimeoutMillis, command.kind().word()).strip();
            if (reply.isEmpty()) {
                throw Failure.refused("the jlivepatch agent in " + target + " closed its command socket without a"
                        + " reply to '" + command.kind().word() + "': look for 'jlivepatch:' lines in the process's"
                        + " standard error");
            }
            try {
                return Reply.fromJson(Json.parseObject(reply));
            } catch (IllegalArgumentException e) {
                throw Failure.refused("the jlivepatch agent in " + target + " gave a reply this CLI cannot read ("
                        + e.getMessage() + "): " + reply);
            }
        } catch (IOException e) {
            throw Failure.refused("the command socket of " + target + " failed during '" + command.kind().word()
                    + "' (" + e.getMessage() + "): check with 'jlivepatch list " + target.pid()
                    + "' whether it was carried out");
        }
    }

    /**
     * The target's agent or system properties ({@code request} is {@link CommandSocket#AGENT_PROPERTIES}
     * or {@link CommandSocket#SYSTEM_PROPERTIES}), read through the socket instead of an attach; or
     * {@code null} if they cannot be read this way (nobody listens, the socket is served by another
     * user, an agent that does not know the request, no answer within {@link #PROPERTIES_TIMEOUT_MILLIS}):
     * then the caller attaches, as it would without a socket. Nothing is sent to an untrusted server.
     *
     * @param expected a key the answer must hold to count as one (an agent that does not know the
     *     request answers with a refusal, which is no properties)
     */
    Properties properties(String request, String expected) {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(path));
            if (!channel.getOption(ExtendedSocketOptions.SO_PEERCRED).user().equals(owner)) {
                return null;
            }
            channel.write(ByteBuffer.wrap((request + "\n").getBytes(StandardCharsets.UTF_8)));
            channel.shutdownOutput();
            Properties properties = new Properties();
            properties.load(new StringReader(readAll(channel, PROPERTIES_TIMEOUT_MILLIS, request)));
            return properties.getProperty(expected) != null ? properties : null;
        } catch (IOException | Failure | RuntimeException e) {
            return null;
        }
    }

    /**
     * {@link #readAll(SocketChannel)}, given up after {@code timeoutMillis} (when not {@code 0}) by
     * closing the channel from a watchdog: a Unix-domain channel has no read timeout. The agent
     * answers once the engine has started the operation, which a pre-patch callback that does not
     * return, or an earlier command stuck in one, can hold up for ever; the command stays delivered.
     */
    private String readAll(SocketChannel channel, long timeoutMillis, String word) throws IOException, Failure {
        if (timeoutMillis <= 0) {
            return readAll(channel);
        }
        AtomicBoolean expired = new AtomicBoolean();
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(timeoutMillis);
                expired.set(true);
                channel.close();
            } catch (InterruptedException | IOException e) {
                // the reply came first, or the channel is closed already
            }
        }, "jlivepatch-reply-timeout");
        watchdog.setDaemon(true);
        watchdog.start();
        try {
            return readAll(channel);
        } catch (AsynchronousCloseException e) {
            if (!expired.get()) {
                throw e;
            }
            throw new Failure(Failure.TIMEOUT, "the jlivepatch agent in " + target + " gave no reply to '"
                    + word + "' within " + Operation.seconds(timeoutMillis) + ": its engine is"
                    + " busy (a pre-patch callback that does not return, in this command or an earlier one, keeps it"
                    + " busy); the command was delivered and is carried out when the engine is free: check with"
                    + " 'jlivepatch list " + target.pid() + "'");
        } finally {
            watchdog.interrupt();
        }
    }

    private static String readAll(SocketChannel channel) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(8192);
        while (channel.read(buffer.clear()) >= 0) {
            out.write(buffer.array(), 0, buffer.position());
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The process's id in its own pid namespace (the last {@code NSpid} of its status), or {@code pid}. */
    static long namespacePid(Path process, long pid) {
        try {
            List<String> status = Files.readAllLines(process.resolve("status"));
            for (String line : status) {
                if (line.startsWith("NSpid:")) {
                    String[] ids = line.substring("NSpid:".length()).trim().split("\\s+");
                    return Long.parseLong(ids[ids.length - 1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // no /proc status: assume the same namespace
        }
        return pid;
    }
}
