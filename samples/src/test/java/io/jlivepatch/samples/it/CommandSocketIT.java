package io.jlivepatch.samples.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlivepatch.agent.control.Channel;
import io.jlivepatch.agent.control.CommandSocket;
import io.jlivepatch.agent.control.json.Json;
import io.jlivepatch.samples.patches.GreetV1;
import io.jlivepatch.samples.patches.HoldFix;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command socket end to end: a target whose agent came with {@code -javaagent} takes every CLI
 * command through it, with no second agent load: on JDK 25 with {@code -XX:-EnableDynamicAgentLoading},
 * {@code load}, {@code force}, {@code disable} and {@code list} all work and the target prints no
 * JEP 451 warning; with {@code -XX:+DisableAttachMechanism} they work too, so the CLI never
 * attached. Another user is refused twice: by the directory's mode, and, with the directory and
 * socket opened up on purpose, by the peer-credential check in the target.
 *
 * <p>Thread-safety: JUnit runs the methods one at a time.
 */
@Timeout(240)
class CommandSocketIT {

    private static final String MAIN = "io.jlivepatch.samples.targets.CliTarget";
    private static final String OTHER_USER = "jlpother";
    private static final String DYNAMIC_AGENT_WARNING = "loaded dynamically";

    @TempDir
    Path dir;

    @Test
    void jdk25WithDynamicAgentLoadingOffTakesEveryCommandThroughTheSocket() throws Exception {
        Path java = Path.of(CliJdkIT.JDK25, "bin", "java");
        Assumptions.assumeTrue(Files.isExecutable(java), CliJdkIT.JDK25 + " is missing");
        PatchJars jars = new PatchJars(dir);
        Path v1 = jars.jar("fix-v1", false, GreetV1.class);
        Path hold = jars.jar("fix-hold", false, HoldFix.class);
        try (TargetJvm target = TargetJvm.ofMain("socket-jdk25", java.toString(), MAIN,
                "-XX:-EnableDynamicAgentLoading", "-javaagent:" + TargetJvm.AGENT_JAR.toAbsolutePath())) {
            String pid = Long.toString(target.pid());
            awaitSocket(target.pid());

            CliRun empty = CliRun.of("list", pid, "--json");
            assertEquals(0, empty.exit(), empty::toString);
            assertEquals(List.of(), Json.parseObject(empty.out().trim()).get("patches"));

            CliRun load = CliRun.of("load", pid, v1.toString());
            assertEquals(0, load.exit(), load::toString);
            assertTrue(load.out().contains("jlivepatch: 'fix-v1': patching complete"), load::toString);
            assertFalse(load.err().contains("JEP 451"), "no JEP 451 note without an agent load\n" + load);
            assertEquals("greet = v1 world", target.run("call greet"));
            CliRun list = CliRun.of("list", pid, "--json");
            assertEquals(0, list.exit(), list::toString);
            assertEquals("fix-v1", CliIT.maps(Json.parseObject(list.out().trim()).get("patches")).get(0).get("name"));
            assertTrue(list.out().contains("\"via\":\"cli (socket)\""), "the audit names the socket\n" + list);
            assertEquals(0, CliRun.of("disable", pid, "fix-v1").exit());
            assertEquals("greet = hello world", target.run("call greet"));

            loadHeldThenForce(target, pid, hold);
            CliRun disable = CliRun.of("disable", pid, "fix-hold");
            assertEquals(0, disable.exit(), disable::toString);

            // JEP 451's warning ("WARNING: A Java agent has been loaded dynamically ...") never came.
            assertFalse(target.output().contains(DYNAMIC_AGENT_WARNING), target::output);
            assertFalse(target.output().contains("WARNING: A Java agent"), target::output);
        }
    }

    /**
     * With the Attach API switched off in the target ({@code -XX:+DisableAttachMechanism}), every
     * command of the CLI still works through the startup agent's socket: so none of them attached.
     * The positive control: with the socket deleted, the same CLI cannot even list the target.
     */
    @Test
    void withTheAttachMechanismDisabledEveryCommandGoesThroughTheSocket() throws Exception {
        PatchJars jars = new PatchJars(dir);
        Path v1 = jars.jar("fix-v1", false, GreetV1.class);
        Path hold = jars.jar("fix-hold", false, HoldFix.class);
        try (TargetJvm target = TargetJvm.ofMain("socket-no-attach", CliIT.java(), MAIN,
                "-XX:+DisableAttachMechanism", "-javaagent:" + TargetJvm.AGENT_JAR.toAbsolutePath())) {
            String pid = Long.toString(target.pid());
            Path socket = awaitSocket(target.pid());

            CliRun load = CliRun.of("load", pid, v1.toString());
            assertEquals(0, load.exit(), load::toString);
            assertTrue(load.out().contains("jlivepatch: 'fix-v1': patching complete"), load::toString);
            assertTrue(load.out().contains("jlivepatch: patch 'fix-v1' is enabled in"), load::toString);
            assertEquals("greet = v1 world", target.run("call greet"));
            CliRun list = CliRun.of("list", pid, "--json");
            assertEquals(0, list.exit(), list::toString);
            assertEquals("fix-v1", CliIT.maps(Json.parseObject(list.out().trim()).get("patches")).get(0).get("name"));
            assertEquals("cli (socket)", find(history(pid), "load").get("via"));
            CliRun text = CliRun.of("list", pid);
            assertEquals(0, text.exit(), text::toString);
            assertTrue(text.out().contains("fix-v1"), text::toString);
            CliRun disable = CliRun.of("disable", pid, "fix-v1");
            assertEquals(0, disable.exit(), disable::toString);
            assertTrue(disable.out().contains("'fix-v1': unpatching complete"), disable::toString);
            assertEquals("greet = hello world", target.run("call greet"));

            loadHeldThenForce(target, pid, hold);
            CliRun reverse = CliRun.of("disable", pid, "fix-hold");
            assertEquals(0, reverse.exit(), reverse::toString);

            deleteSocket(socket);
            CliRun blind = CliRun.of("list", pid, "--json");
            assertNotEquals(0, blind.exit(), "positive control: without the socket the CLI must attach, which "
                    + "the target refuses\n" + blind);
        }
    }

    @Test
    void anotherUserIsRefusedByTheDirectoryAndByThePeerCheck() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root to switch users");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "no setpriv");
        ensureOtherUser();
        Path shared = Files.createDirectory(dir.resolve("shared"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path v1 = new PatchJars(shared).jar("fix-v1", false, GreetV1.class);
        Files.setPosixFilePermissions(v1, PosixFilePermissions.fromString("rw-r--r--"));
        Path client = shared.resolve("RawClient.java");
        Files.writeString(client, RAW_CLIENT);
        Files.setPosixFilePermissions(client, PosixFilePermissions.fromString("rw-r--r--"));

        try (TargetJvm target = TargetJvm.ofMain("socket-users", CliIT.java(), MAIN,
                "-javaagent:" + TargetJvm.AGENT_JAR.toAbsolutePath())) {
            Path socket = awaitSocket(target.pid());
            String request = "command=load,patch=" + v1 + ",id=intruder-1,user=root";

            // 1. The directory (0700, root's) keeps the other user from reaching the socket at all.
            CliRun blocked = asOtherUser(client, socket, request);
            assertTrue(blocked.out().contains("connect failed"), blocked::toString);

            // 2. Opened up on purpose: the target's own peer-credential check refuses the connection.
            Files.setPosixFilePermissions(socket.getParent(), PosixFilePermissions.fromString("rwx--x--x"));
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rwxrwxrwx"));
            try {
                CliRun refused = asOtherUser(client, socket, request);
                assertTrue(refused.out().contains("connected"), "positive control: the socket was reachable\n" + refused);
                assertTrue(refused.out().contains("reply: <none>"), refused::toString);
                await().atMost(Duration.ofSeconds(30)).until(() -> target.output()
                        .contains("refused a command from user '" + OTHER_USER + "'"));
            } finally {
                Files.setPosixFilePermissions(socket.getParent(), PosixFilePermissions.fromString("rwx------"));
            }
            assertEquals("greet = hello world", target.run("call greet"));
            CliRun list = CliRun.of("list", Long.toString(target.pid()), "--json");
            assertEquals(0, list.exit(), list::toString);
            assertEquals(List.of(), Json.parseObject(list.out().trim()).get("patches"));
            assertFalse(list.out().contains("intruder"), list::toString);

            // 3. The CLI itself, run by the other user, is refused and changes nothing.
            CliRun cli = CliRun.exec(List.of("/usr/bin/setpriv", "--reuid=" + OTHER_USER, "--regid=" + OTHER_USER,
                    "--clear-groups", CliIT.java(), "-jar", TargetJvm.AGENT_JAR.toAbsolutePath().toString(), "load",
                    Long.toString(target.pid()), v1.toString()));
            assertNotEquals(0, cli.exit(), cli::toString);
            assertEquals("greet = hello world", target.run("call greet"));
        }
    }

    /**
     * A {@code /tmp} cleaner deletes the socket and its directory under a JVM that had the agent since
     * startup: the CLI falls back to the Attach API, the agent, loaded again, binds its socket again,
     * and the next command goes through it. The check period is left at its default (a minute), so
     * the socket coming back within the wait is the re-attach's doing.
     */
    @Test
    void aDeletedSocketIsBoundAgainWhenTheCliFallsBackToTheAttachApi() throws Exception {
        Path v1 = new PatchJars(dir).jar("fix-v1", false, GreetV1.class);
        try (TargetJvm target = TargetJvm.ofMain("socket-deleted", CliIT.java(), MAIN,
                "-javaagent:" + TargetJvm.AGENT_JAR.toAbsolutePath())) {
            String pid = Long.toString(target.pid());
            Path socket = awaitSocket(target.pid());
            deleteSocket(socket);

            CliRun load = CliRun.of("load", pid, v1.toString());
            assertEquals(0, load.exit(), load::toString);
            assertEquals("greet = v1 world", target.run("call greet"));
            awaitSocket(target.pid());
            await().atMost(Duration.ofSeconds(30)).until(() -> target.output()
                    .contains("jlivepatch: the command socket " + socket + " was removed"));

            CliRun disable = CliRun.of("disable", pid, "fix-v1");
            assertEquals(0, disable.exit(), disable::toString);
            assertEquals("greet = hello world", target.run("call greet"));
            List<Map<String, Object>> history = history(pid);
            assertNotEquals("cli (socket)", find(history, "load").get("via"),
                    "positive control: the load had no socket to go through\n" + history);
            assertEquals("cli (socket)", find(history, "disable").get("via"), history::toString);
        }
    }

    /**
     * The same with {@code -XX:-EnableDynamicAgentLoading} (JDK 25): no re-attach is possible, so the
     * socket's own periodic check (shortened here) binds it again. While its directory is open to
     * others the agent refuses to bind there and the CLI says what happened; once it is private
     * again, the socket comes back and takes commands, with no agent load.
     */
    @Test
    void aDeletedSocketIsBoundAgainByItsPeriodicCheckWithoutDynamicAgentLoading() throws Exception {
        Path java = Path.of(CliJdkIT.JDK25, "bin", "java");
        Assumptions.assumeTrue(Files.isExecutable(java), CliJdkIT.JDK25 + " is missing");
        Path v1 = new PatchJars(dir).jar("fix-v1", false, GreetV1.class);
        try (TargetJvm target = TargetJvm.ofMain("socket-check", java.toString(), MAIN,
                "-XX:-EnableDynamicAgentLoading", "-D" + CommandSocket.CHECK_PROPERTY + "=100",
                "-javaagent:" + TargetJvm.AGENT_JAR.toAbsolutePath())) {
            String pid = Long.toString(target.pid());
            Path socket = awaitSocket(target.pid());
            // The directory opened to others (so the agent must not bind there again), then the socket deleted.
            Files.setPosixFilePermissions(socket.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.delete(socket);
            await().atMost(Duration.ofSeconds(30)).until(() -> target.output()
                    .contains("cannot open the command socket again"));
            assertFalse(Files.exists(socket), "the agent did not bind in a directory that is not private");

            CliRun refused = CliRun.of("load", pid, v1.toString());
            assertNotEquals(0, refused.exit(), refused::toString);
            assertTrue(refused.err().contains("has the jlivepatch agent but no command socket just now"), refused::toString);
            assertEquals("greet = hello world", target.run("call greet"));

            Files.setPosixFilePermissions(socket.getParent(), PosixFilePermissions.fromString("rwx------"));
            awaitSocket(target.pid());
            CliRun load = CliRun.of("load", pid, v1.toString());
            assertEquals(0, load.exit(), load::toString);
            assertEquals("greet = v1 world", target.run("call greet"));
            assertEquals("cli (socket)", find(history(pid), "load").get("via"));
            assertFalse(target.output().contains(DYNAMIC_AGENT_WARNING), target::output);
        }
    }

    /**
     * The CLI's announce ({@code prepare} on the socket) makes a dormant agent build its engine and
     * warm up, and nothing else: the JVM's class-loading log shows the warm-up ran (its hidden
     * nestmate defined, its own class retransformed through the agent's transformer), yet no patch,
     * no audit entry, no counted retransform and no line on the target's output came of it; the load
     * that follows works as usual.
     */
    @Test
    void anAnnouncedPatchWarmsTheAgentWithNoVisibleChange() throws Exception {
        Path v1 = new PatchJars(dir).jar("fix-v1", false, GreetV1.class);
        Path classes = dir.resolve("classes.log");
        try (TargetJvm target = TargetJvm.withAgent("socket-prepare", "",
                "-Xlog:class+load=info:file=" + classes)) {
            String pid = Long.toString(target.pid());
            Path socket = awaitSocket(target.pid());
            assertEquals("greet = hello world", target.run("call greet")); // loaded: its load needs a retransform
            String before = target.output();
            try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                channel.connect(UnixDomainSocketAddress.of(socket));
                channel.write(ByteBuffer.wrap((CommandSocket.PREPARE + "\n").getBytes(StandardCharsets.UTF_8)));
            }
            // The last steps: the hidden nestmate, then the retransform, then the platform MBean server.
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(classes)
                    .contains(" io.jlivepatch.agent.jvm.Warmup$Sample/0x"));
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(classes)
                    .contains(" javax.management.MBeanServer source:"));
            assertEquals(before, target.output(), "the warm-up printed nothing");

            assertEquals("retransforms=0", target.run("retransforms"), "the warm-up's retransform is not the engine's");
            assertEquals("no patches", target.run("list"));
            List<Map<String, Object>> history = history(pid);
            assertEquals(List.of(), history);

            CliRun load = CliRun.of("load", pid, v1.toString());
            assertEquals(0, load.exit(), load::toString);
            assertEquals("greet = v1 world", target.run("call greet"));
            assertEquals("retransforms=1", target.run("retransforms"), "the control: the engine's own are counted");
        }
    }

    /**
     * A load that times out on a thread held inside the patched method, kept (exit 3), then forced to
     * completion; the thread is released whatever happens.
     */
    private static void loadHeldThenForce(TargetJvm target, String pid, Path hold) throws Exception {
        assertEquals("holding", target.run("hold"));
        try {
            CliRun kept = CliRun.of("load", pid, hold.toString(), "--timeout", "0.5", "--keep-on-timeout");
            assertEquals(3, kept.exit(), kept::toString);
            CliRun force = CliRun.of("force", pid, "fix-hold");
            assertEquals(0, force.exit(), force::toString);
            CliIT.assertInOrder(force.out(), "jlivepatch: forcing remaining tasks to the patched state",
                    "jlivepatch: 'fix-hold': patching complete");
        } finally {
            assertEquals("released original:released", target.run("release"));
        }
    }

    private static void deleteSocket(Path socket) throws Exception {
        Files.delete(socket);
        Files.delete(socket.getParent());
        assertFalse(Files.exists(socket.getParent()));
    }

    private static List<Map<String, Object>> history(String pid) throws Exception {
        CliRun list = CliRun.of("list", pid, "--json");
        assertEquals(0, list.exit(), list::toString);
        return CliIT.maps(Json.parseObject(list.out().trim()).get("history"));
    }

    /** The newest history entry of operation {@code op}. */
    private static Map<String, Object> find(List<Map<String, Object>> history, String op) {
        Map<String, Object> found = null;
        for (Map<String, Object> entry : history) {
            if (op.equals(entry.get("op"))) {
                found = entry;
            }
        }
        assertTrue(found != null, () -> "no " + op + " in " + history);
        return found;
    }

    /** Waits until the target's agent serves its command socket (opened on a daemon thread after premain). */
    private static Path awaitSocket(long pid) {
        Path socket = Channel.socket(Path.of("/tmp"), pid);
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(socket));
        return socket;
    }

    private static CliRun asOtherUser(Path client, Path socket, String request) throws Exception {
        return CliRun.exec(List.of("/usr/bin/setpriv", "--reuid=" + OTHER_USER, "--regid=" + OTHER_USER,
                "--clear-groups", CliIT.java(), client.toString(), socket.toString(), request));
    }

    private static void ensureOtherUser() throws Exception {
        if (new ProcessBuilder("id", OTHER_USER).start().waitFor() != 0) {
            Process add = new ProcessBuilder("useradd", "--no-create-home", "--system", OTHER_USER).inheritIO().start();
            Assumptions.assumeTrue(add.waitFor() == 0, "cannot create user " + OTHER_USER);
        }
    }

    /** A raw client: connects, sends one line, prints what happened; run as the other user. */
    private static final String RAW_CLIENT = """
            import java.net.*;
            import java.nio.*;
            import java.nio.channels.*;
            import java.nio.charset.StandardCharsets;
            public class RawClient {
                public static void main(String[] args) throws Exception {
                    try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                        try {
                            c.connect(UnixDomainSocketAddress.of(args[0]));
                        } catch (Exception e) {
                            System.out.println("connect failed: " + e);
                            return;
                        }
                        System.out.println("connected");
                        try {
                            c.write(ByteBuffer.wrap((args[1] + "\\n").getBytes(StandardCharsets.UTF_8)));
                            ByteBuffer b = ByteBuffer.allocate(65536);
                            int n = c.read(b);
                            System.out.println("reply: " + (n <= 0 ? "<none>" : new String(b.array(), 0, n, StandardCharsets.UTF_8)));
                        } catch (Exception e) {
                            System.out.println("reply: <none> (" + e + ")");
                        }
                    }
                }
            }
            """;
}
