package io.jlivepatch.agent.control;

import io.jlivepatch.agent.options.AgentOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Function;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * The command half of the control channel for a JVM that already has the agent: a Unix-domain
 * socket at {@link Channel#socket}, in a directory only this JVM's user can enter (mode 0700), served
 * by one daemon thread. The CLI sends one command per connection and reads its reply, so that
 * {@code load}, {@code disable} and {@code force} need no second {@code loadAgent}: no JEP 451 warning,
 * no JVMTI environment per command, and it works with {@code -XX:-EnableDynamicAgentLoading}.
 *
 * <p>Trust model, the Attach API's: only this JVM's user, or root, may command it. The directory's
 * mode keeps everyone else from reaching the socket, and every connection's peer credentials
 * ({@code SO_PEERCRED}, set by the kernel) are checked again before anything is read; the audited
 * requester is the user the kernel names, not the one the client claims. A file in a directory is no
 * network listener: nothing is reachable from another host or another user, as with the attach
 * listener's own socket ({@code /tmp/.java_pid<pid>}). See docs/cli.md.
 *
 * <p>Wire format, UTF-8, one line each way: the request is the command's agent options
 * ({@link Command#toOptions()}), at most {@value #MAX_REQUEST} bytes; the reply is the
 * {@link Reply} as JSON. The status and messages are still read from the agent properties. The
 * request {@value #PREPARE} gets no reply: a CLI about to load a patch sends it first, so that the
 * agent warms up while the CLI attaches and checks the target.
 *
 * <p>Thread-safety: {@link #serve} is called once per JVM, on the agent's daemon thread
 * {@code jlivepatch-commands}; each connection gets a short-lived daemon thread so that a client that
 * stops halfway cannot block the next one (only trusted peers get that far).
 */
public final class CommandSocket {

    /** A request longer than this is refused: two paths and a few short values fit many times over. */
    static final int MAX_REQUEST = 64 * 1024;
    private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);

    /** The request that announces a patch on its way; no reply (see {@link #serve}). */
    public static final String PREPARE = "prepare";

    private final ServerSocketChannel server;
    private final Set<UserPrincipal> allowed;
    private final Function<Command, Reply> executor;
    private final Runnable prepare;

    private CommandSocket(ServerSocketChannel server, Set<UserPrincipal> allowed, Function<Command, Reply> executor,
                          Runnable prepare) {
        this.server = server;
        this.allowed = allowed;
        this.executor = executor;
        this.prepare = prepare;
    }

    /**
     * Opens the socket and serves it on the calling thread, forever (the caller's daemon thread). If
     * the socket cannot be opened (no Unix-domain sockets, a directory of that name owned by someone
     * else), a warning is logged and it returns: commands keep arriving through the Attach API only.
     *
     * @param pid this JVM's process id, as its own process namespace numbers it
     * @param executor runs a command and returns its reply; must not throw
     * @param prepare runs on the request {@value #PREPARE} (a CLI about to send a patch): starts
     *     getting the agent ready for it and returns at once; no reply is sent; must not throw
     */
    public static void serve(long pid, Function<Command, Reply> executor, Runnable prepare) {
        CommandSocket socket;
        try {
            socket = bind(pid, executor, prepare);
            if (socket == null) {
                return; // the JVM is exiting: no socket, and nothing to say
            }
        } catch (IOException | RuntimeException | LinkageError e) {
            logger().log(System.Logger.Level.WARNING, "jlivepatch: no command socket (" + e
                    + "); the CLI sends commands by loading the agent again");
            return;
        }
        socket.acceptForever();
    }

    /** The bound socket, or {@code null} if the JVM began to exit before anything was created. */
    private static CommandSocket bind(long pid, Function<Command, Reply> executor, Runnable prepare)
            throws IOException {
        Path socket = Channel.socket(Path.of("/tmp"), pid);
        Path directory = socket.getParent();
        if (!deleteOnExit(directory, socket)) {
            return null;
        }
        try {
            Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (FileAlreadyExistsException e) {
            // Left behind by a JVM that had this pid and died: reuse it only if it is ours and private.
            requirePrivate(directory);
        }
        requirePrivate(directory); // also catches a umask or file system that ignored the mode
        Files.deleteIfExists(socket); // a stale socket of a dead JVM of ours
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        UserPrincipal self = Files.getOwner(directory, LinkOption.NOFOLLOW_LINKS);
        UserPrincipal root = directory.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("0");
        return new CommandSocket(server, self.equals(root) ? Set.of(self) : Set.of(self, root), executor,
                prepare);
    }

    /**
     * Registers the socket and its directory for deletion when the JVM exits, <em>before</em> either
     * is created, so that nothing is left in {@code /tmp} if the JVM is already exiting. That happens
     * when the application ends before this thread gets here (a short-lived program, or an AOT-cache
     * training run): the JDK then refuses the registration ({@code "Shutdown in progress"}, as an
     * {@link IllegalStateException}, or wrapped in the {@link ExceptionInInitializerError} of
     * {@code java.io.DeleteOnExitHook} when this is its first use). Binding then would leave both
     * behind, and logging the failure would print on the application's stderr and, during a training
     * run, put the JDK's logging into the cache that every later start loads.
     *
     * @return {@code false} if the JVM is exiting
     */
    private static boolean deleteOnExit(Path directory, Path socket) {
        try {
            directory.toFile().deleteOnExit();
            socket.toFile().deleteOnExit(); // deleted first: deleteOnExit works in reverse order
            return true;
        } catch (IllegalStateException | LinkageError e) {
            // LinkageError: DeleteOnExitHook failed to initialize (here or on another thread), which
            // only its shutdown-hook registration can make it do.
            return false;
        }
    }

    /** Refuses a directory that is a link, not owned by this process's user, or open to anyone else. */
    private static void requirePrivate(Path directory) throws IOException {
        PosixFileAttributes attributes = Files.getFileAttributeView(directory, PosixFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS).readAttributes();
        UserPrincipal self = Files.getOwner(Path.of("/proc/self"));
        if (!attributes.isDirectory() || !attributes.owner().equals(self)
                || !attributes.permissions().equals(OWNER_ONLY)) {
            throw new IOException(directory + " is not a directory of " + self.getName() + " with mode 0700 (owner "
                    + attributes.owner().getName() + ", " + PosixFilePermissions.toString(attributes.permissions())
                    + "); remove it");
        }
    }

    private void acceptForever() {
        while (true) {
            SocketChannel client;
            try {
                client = server.accept();
            } catch (IOException e) {
                logger().log(System.Logger.Level.WARNING, "jlivepatch: the command socket failed (" + e
                        + "); the CLI sends commands by loading the agent again");
                return;
            }
            UserPrincipal peer = trustedPeer(client);
            if (peer == null) {
                continue;
            }
            Thread handler = new Thread(() -> handle(client, peer), "jlivepatch-command");
            handler.setDaemon(true);
            handler.start();
        }
    }

    /** The peer's user if it may send commands; otherwise closes the connection and returns {@code null}. */
    private UserPrincipal trustedPeer(SocketChannel client) {
        try {
            UnixDomainPrincipal principal = client.getOption(ExtendedSocketOptions.SO_PEERCRED);
            if (allowed.contains(principal.user())) {
                return principal.user();
            }
            logger().log(System.Logger.Level.WARNING, "jlivepatch: refused a command from user '"
                    + principal.user().getName() + "': only this process's user or root may send commands");
        } catch (IOException | RuntimeException e) {
            logger().log(System.Logger.Level.WARNING, "jlivepatch: refused a command connection: " + e);
        }
        close(client);
        return null;
    }

    private void handle(SocketChannel client, UserPrincipal peer) {
        try (client) {
            String request = readLine(client);
            if (request.equals(PREPARE)) {
                prepare.run();
                return;
            }
            Reply reply;
            try {
                Command sent = Command.from(AgentOptions.parse(request));
                if (sent == null || sent.id() == null) {
                    throw new IllegalArgumentException("jlivepatch: a command with an id expected, got '" + request + "'");
                }
                // The kernel's word for who asks, not the client's.
                Command.Requester requester = new Command.Requester(peer.getName(), sent.requester().pid(),
                        "cli (socket)");
                reply = executor.apply(new Command(sent.kind(), sent.patch(), sent.name(), sent.sha256(), sent.id(),
                        sent.version(), requester));
            } catch (IllegalArgumentException e) {
                reply = new Reply(null, "?", false, false, null, null, e.getMessage(), 0);
            }
            client.write(ByteBuffer.wrap((reply.toJson() + "\n").getBytes(StandardCharsets.UTF_8)));
        } catch (IOException | RuntimeException e) {
            logger().log(System.Logger.Level.WARNING, "jlivepatch: a command connection failed: " + e);
        }
    }

    private static System.Logger logger() {
        return System.getLogger("io.jlivepatch");
    }

    private static String readLine(SocketChannel client) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        while (true) {
            buffer.clear();
            int n = client.read(buffer);
            if (n < 0) {
                break;
            }
            for (int i = 0; i < n; i++) {
                byte b = buffer.get(i);
                if (b == '\n') {
                    return line.toString(StandardCharsets.UTF_8);
                }
                line.write(b);
            }
            if (line.size() > MAX_REQUEST) {
                throw new IOException("request longer than " + MAX_REQUEST + " bytes");
            }
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    private static void close(SocketChannel client) {
        try {
            client.close();
        } catch (IOException ignored) {
            // nothing to release
        }
    }
}
