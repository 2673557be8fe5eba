package io.jlivepatch.agent.control;

import io.jlivepatch.agent.options.AgentOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.EnumSet;
import java.util.Properties;
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
 * {@link Reply} as JSON. The request {@value #PREPARE} gets no reply: a CLI about to load a patch
 * sends it first, so that the agent warms up while the CLI reads the patch jar and checks the
 * target. The read-only requests {@value #AGENT_PROPERTIES} and {@value #SYSTEM_PROPERTIES} are
 * answered with those properties in {@link Properties#store} format (many lines): the CLI reads the
 * status, messages and the target's Java version through them, so a target with this socket needs no
 * attach at all (the JVM's first attach costs 130-330 ms; see docs/performance.md).
 *
 * <p>A socket file can vanish under a running JVM (a {@code /tmp} cleaner deletes what has not been
 * touched for days): the serving thread checks it when idle for {@link #CHECK_MILLIS} and when the
 * agent is loaded again ({@link #recover}), and binds a new one where it was.
 *
 * <p>Thread-safety: {@link #serve} is called once per JVM, on the agent's daemon thread
 * {@code jlivepatch-commands}, which alone binds, accepts and checks (one {@code Selector}, with a
 * timeout, instead of a blocking {@code accept}, so that it can check while idle);
 * {@link #recover} may be called from any thread and only wakes it. Each connection gets a
 * short-lived daemon thread so that a client that stops halfway cannot block the next one (only
 * trusted peers get that far).
 */
public final class CommandSocket {

    /** A request longer than this is refused: two paths and a few short values fit many times over. */
    static final int MAX_REQUEST = 64 * 1024;
    private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);

    /** The request that announces a patch on its way; no reply (see {@link #serve}). */
    public static final String PREPARE = "prepare";

    /**
     * The read-only request for this JVM's agent properties (what the Attach API's
     * {@code getAgentProperties()} returns: {@link Channel}'s version, status, messages and replies),
     * answered in {@link Properties#store} format; the CLI then needs no attach to follow a command.
     */
    public static final String AGENT_PROPERTIES = "agent-properties";

    /** The read-only request for this JVM's system properties, answered like {@link #AGENT_PROPERTIES}. */
    public static final String SYSTEM_PROPERTIES = "system-properties";

    /**
     * How often an idle socket checks that its file is still there and still the one it bound (a
     * {@code /tmp} cleaner may delete it from a JVM that runs for weeks); the system property
     * {@value #CHECK_PROPERTY} overrides it. One {@code stat} per check.
     */
    public static final long CHECK_MILLIS = 60_000;
    /** The system property that overrides {@link #CHECK_MILLIS} (milliseconds, at least 10). */
    public static final String CHECK_PROPERTY = "jlivepatch.commandSocket.checkMillis";

    /** The socket being served in this JVM, or {@code null}; set once by {@link #serve}. */
    private static volatile CommandSocket serving;

    private final Path path;
    private final Selector selector;
    private final Set<UserPrincipal> allowed;
    private final Function<Command, Reply> executor;
    private final Runnable prepare;
    private final Properties published;
    private final long checkMillis;
    private final SocketFiles files;
    /** The bound channel and the identity of the file it made; confined to the serving thread. */
    private ServerSocketChannel server;
    private Object fileKey;
    /** The last re-bind failure logged, so that a lasting one is logged once; serving thread only. */
    private String lastProblem;

    private CommandSocket(Path path, Selector selector, Set<UserPrincipal> allowed, Function<Command, Reply> executor,
                          Runnable prepare, Properties published, long checkMillis, SocketFiles files) {
        this.path = path;
        this.selector = selector;
        this.allowed = allowed;
        this.executor = executor;
        this.prepare = prepare;
        this.published = published;
        this.checkMillis = checkMillis;
        this.files = files;
    }

    /**
     * Opens the socket and serves it on the calling thread, forever (the caller's daemon thread). If
     * the socket cannot be opened (no Unix-domain sockets, a directory of that name owned by someone
     * else), a warning is logged and it returns: commands keep arriving through the Attach API only.
     *
     * <p>While idle it checks every {@link #CHECK_MILLIS} (and at once on {@link #recover}) that its
     * file is still there and is still the socket it bound; if not (deleted by a {@code /tmp}
     * cleaner, say), it binds a new one at the same path, with the same checks as the first.
     *
     * @param pid this JVM's process id, as its own process namespace numbers it
     * @param executor runs a command and returns its reply; must not throw
     * @param prepare runs on the request {@value #PREPARE} (a CLI about to send a patch): starts
     *     getting the agent ready for it and returns at once; no reply is sent; must not throw
     * @param published the agent properties, sent on the request {@value #AGENT_PROPERTIES}
     */
    public static void serve(long pid, Function<Command, Reply> executor, Runnable prepare, Properties published) {
        CommandSocket socket;
        Selector selector = null;
        try {
            Path path = Channel.socket(Path.of("/tmp"), pid);
            SocketFiles files = SocketFiles.register(path);
            if (files == null) {
                return; // the JVM is exiting: no socket, and nothing to say
            }
            UserPrincipal self = Files.getOwner(Path.of("/proc/self"));
            UserPrincipal root = path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("0");
            selector = Selector.open();
            socket = new CommandSocket(path, selector, self.equals(root) ? Set.of(self) : Set.of(self, root),
                    executor, prepare, published, checkMillis(), files);
            if (!socket.bind()) {
                close(selector);
                return; // the JVM began exiting: nothing made, nothing to say
            }
        } catch (IOException | RuntimeException | LinkageError e) {
            logger().log(System.Logger.Level.WARNING, "jlivepatch: no command socket (" + e
                    + "); the CLI sends commands by loading the agent again");
            if (selector != null) {
                close(selector); // its descriptors: nothing else will use them
            }
            return;
        }
        serving = socket;
        socket.serveForever();
    }

    /**
     * Asks the serving thread to check its socket file now, and bind it again if it is gone: called
     * when the agent is loaded again (a CLI that found no socket fell back to the Attach API). Returns
     * at once; does nothing if this JVM serves no socket.
     */
    public static void recover() {
        CommandSocket socket = serving;
        if (socket != null) {
            socket.selector.wakeup();
        }
    }

    private static long checkMillis() {
        try {
            return Math.max(10, Long.parseLong(System.getProperty(CHECK_PROPERTY, Long.toString(CHECK_MILLIS))));
        } catch (NumberFormatException e) {
            return CHECK_MILLIS;
        }
    }

    /**
     * Creates the private directory if needed, binds the socket there and registers it for accepts,
     * unless the JVM has begun exiting ({@link SocketFiles}: its removal at exit covers what a
     * re-bind makes too).
     *
     * @return {@code false} if the JVM is exiting (nothing was made)
     */
    private boolean bind() throws IOException {
        return files.create(this::bindNow);
    }

    private void bindNow() throws IOException {
        Path directory = path.getParent();
        try {
            Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (FileAlreadyExistsException e) {
            // Left behind by a JVM that had this pid and died: reuse it only if it is ours and private.
            requirePrivate(directory);
        }
        requirePrivate(directory); // also catches a umask or file system that ignored the mode
        Files.deleteIfExists(path); // a stale socket of a dead JVM of ours, or our own, replaced
        ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.bind(UnixDomainSocketAddress.of(path));
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_ACCEPT);
            fileKey = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        server = channel;
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

    private void serveForever() {
        while (true) {
            int ready;
            try {
                ready = selector.select(checkMillis);
            } catch (IOException | RuntimeException e) {
                logger().log(System.Logger.Level.WARNING, "jlivepatch: the command socket failed (" + e
                        + "); the CLI sends commands by loading the agent again");
                return;
            }
            if (ready == 0) {
                checkFile(); // idle for a period, or woken by recover()
                continue;
            }
            selector.selectedKeys().clear();
            acceptAll();
        }
    }

    private void acceptAll() {
        while (true) {
            SocketChannel client;
            try {
                client = server.accept(); // non-blocking: null once none is waiting; the client is blocking
            } catch (IOException e) {
                logger().log(System.Logger.Level.WARNING, "jlivepatch: the command socket failed to accept (" + e
                        + "); binding it again");
                rebind();
                return;
            }
            if (client == null) {
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

    /** Binds the socket again if its file is gone or is no longer the one bound (another inode). */
    private void checkFile() {
        Object now;
        try {
            now = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        } catch (IOException e) {
            now = null; // gone, or its directory is
        }
        if (server != null && fileKey != null && fileKey.equals(now)) {
            return;
        }
        rebind();
    }

    private void rebind() {
        ServerSocketChannel old = server;
        server = null;
        if (old != null) {
            logger().log(System.Logger.Level.INFO, "jlivepatch: the command socket " + path
                    + " was removed (a /tmp cleaner?); opening it again");
            close(old);
        }
        try {
            if (!bind()) {
                return; // the JVM is exiting
            }
            lastProblem = null;
        } catch (IOException | RuntimeException e) {
            // Tried again at every check: a directory someone else made is refused until it is gone.
            String problem = "jlivepatch: cannot open the command socket again (" + e
                    + "); the CLI sends commands by loading the agent again; trying again every "
                    + checkMillis + " ms";
            if (!problem.equals(lastProblem)) {
                lastProblem = problem;
                logger().log(System.Logger.Level.WARNING, problem);
            }
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
            if (request.equals(AGENT_PROPERTIES) || request.equals(SYSTEM_PROPERTIES)) {
                Properties answer = request.equals(AGENT_PROPERTIES) ? published : System.getProperties();
                client.write(ByteBuffer.wrap(storeStrings(answer).getBytes(StandardCharsets.UTF_8)));
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

    /**
     * {@code properties}' string entries in {@link Properties#store} format. Copied first: system
     * properties may hold values that are not strings, which {@code store} would refuse.
     */
    static String storeStrings(Properties properties) throws IOException {
        Properties copy = new Properties();
        for (String key : properties.stringPropertyNames()) {
            String value = properties.getProperty(key);
            if (value != null) {
                copy.setProperty(key, value);
            }
        }
        StringWriter text = new StringWriter();
        copy.store(text, null);
        return text.toString();
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

    private static void close(java.io.Closeable client) {
        try {
            client.close();
        } catch (IOException ignored) {
            // nothing to release
        }
    }
}
