package io.jlivepatch.samples.it;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlivepatch.agent.control.json.Json;
import io.jlivepatch.samples.patches.GreetV1;
import io.jlivepatch.samples.patches.HoldFix;
import io.jlivepatch.samples.patches.LateFix;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code jlivepatch} CLI end to end: the real agent jar's CLI ({@code java -jar}) against one
 * forked target ({@code CliTarget}, started without the agent, attached by the first {@code load}),
 * real Attach API. Every verb, the exit codes and messages of the error paths, {@code list --json}
 * field by field, the MBeans through a patch's life, JFR events, the audit history, the agent
 * reused across attaches, and no listening TCP socket in the target.
 *
 * <p>The methods share the target and run in order; each leaves it without patches.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(180)
class CliIT {

    private static final String MAIN = "io.jlivepatch.samples.targets.CliTarget";
    private static final String GREETER = "io.jlivepatch.samples.targets.Greeter";
    private static final String USER = System.getProperty("user.name");

    @TempDir
    Path dir;

    private TargetJvm target;
    private String pid;
    private Path v1;
    private Path late;
    private Path hold;

    @BeforeAll
    void start(@TempDir Path jars) throws Exception {
        PatchJars patchJars = new PatchJars(jars);
        v1 = patchJars.jar("fix-v1", false, GreetV1.class);
        late = patchJars.jar("fix-late", false, LateFix.class);
        hold = patchJars.jar("fix-hold", false, HoldFix.class);
        target = TargetJvm.ofMain("cli-target", java(), MAIN);
        pid = Long.toString(target.pid());
        assertEquals("greet = hello world", target.run("call greet"));
    }

    @AfterAll
    void stop() throws Exception {
        target.close();
    }

    /** Checks that the test left no patch behind, and cleans up if it did, so one failure does not cascade. */
    @AfterEach
    void noPatchLeft() throws Exception {
        target.run("release");
        Map<String, Object> status = listJson();
        if (status.get("transition") != null) {
            CliRun.of("force", pid, (String) ((Map<?, ?>) status.get("transition")).get("patch"));
        }
        for (Map<String, Object> p : maps(status.get("patches"))) {
            CliRun.of("disable", pid, (String) p.get("name"));
        }
        assertEquals(List.of(), status.get("patches"), "a test left a patch behind");
        assertNull(status.get("transition"), "a test left a transition behind");
    }

    @Test
    @Order(1)
    void listWithoutTheAgentAnswersAndLoadsNothing() throws Exception {
        CliRun text = CliRun.of("list", pid);
        assertEquals(0, text.exit(), text::toString);
        assertTrue(text.out().contains("process " + pid + " (" + MAIN + "): no jlivepatch agent loaded"), text::toString);
        Map<String, Object> json = listJson();
        assertEquals(target.pid(), json.get("pid"));
        assertTrue(json.containsKey("transition") && json.get("transition") == null);
        assertEquals("none", target.run("agent-id"), "list must not load the agent");

        CliRun disable = CliRun.of("disable", pid, "fix-v1");
        assertEquals(1, disable.exit(), disable::toString);
        assertTrue(disable.err().contains("has no jlivepatch agent loaded, so no patch 'fix-v1' to disable"),
                disable::toString);
        CliRun force = CliRun.of("force", pid, "fix-v1");
        assertEquals(1, force.exit(), force::toString);
        assertTrue(force.err().contains("has no jlivepatch agent loaded, so no patch 'fix-v1' to force"), force::toString);
        assertEquals("none", target.run("agent-id"), "disable and force must not load the agent for nothing");
    }

    @Test
    @Order(2)
    void loadByMainClassListDuplicateDisable() throws Exception {
        assertTrue(Sockets.available(target.pid()), "no /proc/<pid>/net/tcp");
        Set<String> socketsBefore = Sockets.listening(target.pid());

        CliRun load = CliRun.of("load", "CliTarget", v1.toString());
        assertEquals(0, load.exit(), load::toString);
        assertInOrder(load.out(),
                "jlivepatch: enabling patch 'fix-v1'",
                "jlivepatch: 'fix-v1': starting patching transition",
                "jlivepatch: 'fix-v1': patching complete",
                "jlivepatch: patch 'fix-v1' is enabled in process " + pid + " (" + MAIN + ") (sha256 " + sha256(v1) + ")");
        assertFalse(load.out().contains("not loaded yet"), load::toString);
        assertEquals("greet = v1 world", target.run("call greet"));
        String engine = target.run("agent-id");
        assertTrue(engine.startsWith("engine@"), engine);

        CliRun duplicate = CliRun.of("load", pid, v1.toString());
        assertEquals(1, duplicate.exit(), duplicate::toString);
        assertTrue(duplicate.err().contains("cannot load patch 'fix-v1' into process " + pid
                + " (" + MAIN + "): patch 'fix-v1' is already enabled"), duplicate::toString);
        assertEquals(engine, target.run("agent-id"), "a second attach must reuse the running agent");

        Map<String, Object> status = listJson();
        assertListedFixV1(status);
        List<Map<String, Object>> history = maps(status.get("history"));
        Map<String, Object> loaded = history.get(history.size() - 2);
        Map<String, Object> refused = history.get(history.size() - 1);
        assertEquals("load", loaded.get("op"));
        assertEquals("fix-v1", loaded.get("patch"));
        assertEquals(sha256(v1), loaded.get("sha256"));
        assertEquals(USER, loaded.get("user"));
        assertEquals("cli", loaded.get("via"));
        assertTrue((Long) loaded.get("pid") > 0);
        assertEquals("ok", loaded.get("result"));
        assertEquals("refused: patch 'fix-v1' is already enabled", refused.get("result"));
        assertNotEquals(loaded.get("pid"), refused.get("pid"), "each CLI process is named by its own pid");

        CliRun text = CliRun.of("list", "CliTarget");
        assertEquals(0, text.exit(), text::toString);
        assertInOrder(text.out(), "jlivepatch agent ", "transition: none", "1. fix-v1 enabled", GREETER,
                "greet(Ljava/lang/String;)Ljava/lang/String;", "history (oldest first):",
                "load 'fix-v1' by " + USER + " pid ");

        String expected = "Enabled=true Transition=false Replace=false Forced=false StackOrder=1 Sha256=" + sha256(v1)
                + " Objects=[" + GREETER + " loaded=true patched=true funcs=greet(Ljava/lang/String;)Ljava/lang/String; nop=false]";
        awaitAnswer("mbean fix-v1", expected);
        assertTrue(awaitAnswer("mbean-global", "Version=").contains("Patches=[fix-v1] Transition=none"));

        assertEquals(socketsBefore, Sockets.listening(target.pid()), "the agent must open no listening TCP socket");

        CliRun disable = CliRun.of("disable", pid, "fix-v1");
        assertEquals(0, disable.exit(), disable::toString);
        assertInOrder(disable.out(),
                "jlivepatch: 'fix-v1': starting unpatching transition",
                "jlivepatch: 'fix-v1': unpatching complete",
                "jlivepatch: patch 'fix-v1' is disabled and removed from process " + pid);
        assertEquals("greet = hello world", target.run("call greet"));
        awaitAnswer("mbean fix-v1", "absent");

        CliRun again = CliRun.of("disable", pid, "fix-v1");
        assertEquals(1, again.exit(), again::toString);
        assertTrue(again.err().contains("no enabled patch named 'fix-v1'"), again::toString);
        assertEquals(socketsBefore, Sockets.listening(target.pid()));
    }

    @Test
    @Order(3)
    void theSocketCheckSeesAListeningSocket() throws Exception {
        // Guards the check above against passing on nothing: this JVM's own listener must show.
        long self = ProcessHandle.current().pid();
        try (ServerSocket server = new ServerSocket(0)) {
            String port = String.format("%04X", server.getLocalPort());
            assertTrue(Sockets.listening(self).stream().anyMatch(s -> s.contains(":" + port + " ")),
                    "listening socket on port " + server.getLocalPort() + " not seen: " + Sockets.listening(self));
        }
    }

    @Test
    @Order(4)
    void patchFileErrorsChangeNothing() throws Exception {
        String engine = target.run("agent-id");
        Path corrupt = Files.write(dir.resolve("corrupt.jar"), new byte[] {'P', 'K', 3, 4, 1, 2, 3});
        Path plain = dir.resolve("plain.jar");
        try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(plain))) {
            out.putNextEntry(new java.util.zip.ZipEntry("a.txt"));
            out.write('x');
        }
        Map<Path, String> bad = Map.of(
                dir.resolve("missing.jar"), "does not exist",
                corrupt, "",
                plain, "is not a patch",
                dir, "is a directory");
        for (Map.Entry<Path, String> e : bad.entrySet()) {
            CliRun run = CliRun.of("load", pid, e.getKey().toString());
            assertEquals(1, run.exit(), run::toString);
            assertTrue(run.err().startsWith("jlivepatch: " + e.getKey()) && run.err().contains(e.getValue()),
                    run::toString);
        }
        assertEquals(engine, target.run("agent-id"));
        assertEquals("greet = hello world", target.run("call greet"));
    }

    @Test
    @Order(5)
    void aClassNotLoadedYetIsNotAnError() throws Exception {
        CliRun load = CliRun.of("load", pid, late.toString(), "--json");
        assertEquals(0, load.exit(), load::toString);
        Map<String, Object> result = Json.parseObject(load.out().trim());
        assertEquals("patched", result.get("result"));
        assertEquals(0L, result.get("exit"));
        assertEquals(List.of("io.jlivepatch.samples.targets.Late"), result.get("notLoaded"));
        assertTrue(((List<?>) result.get("messages")).contains("jlivepatch: 'fix-late': object "
                + "'io.jlivepatch.samples.targets.Late' is not loaded yet; it will be patched when it loads"), load::toString);
        Map<String, Object> object = maps(maps(listJson().get("patches")).get(0).get("objects")).get(0);
        assertEquals(false, object.get("loaded"));
        assertEquals(false, object.get("patched"));

        assertEquals("late = late patched", target.run("call late"));
        awaitStatus(s -> Boolean.TRUE.equals(maps(maps(s.get("patches")).get(0).get("objects")).get(0).get("loaded")));
        assertEquals(0, CliRun.of("disable", pid, "fix-late").exit());
        assertEquals("late = late original", target.run("call late"));
    }

    @Test
    @Order(6)
    void aStalledTransitionIsReversedOnTimeoutUnlessKept() throws Exception {
        assertEquals("holding", target.run("hold"));
        try {
            CliRun reversed = CliRun.of("load", pid, hold.toString(), "--timeout", "1");
            assertEquals(3, reversed.exit(), reversed::toString);
            assertInOrder(reversed.out(),
                    "jlivepatch: enabling patch 'fix-hold'",
                    "jlivepatch: 'fix-hold': patching transition not complete after 1 s; 1 thread remaining",
                    "jlivepatch: holder is sleeping on function ", "io.jlivepatch.samples.targets.Holder.hold(",
                    "jlivepatch: 'fix-hold': reversing the transition (use --keep-on-timeout to keep it running)",
                    "jlivepatch: 'fix-hold': starting unpatching transition",
                    "jlivepatch: 'fix-hold': unpatching complete",
                    "jlivepatch: 'fix-hold': transition reversed; the patch is not loaded, as before the command");
            assertEquals(List.of(), listJson().get("patches"));

            CliRun kept = CliRun.of("load", pid, hold.toString(), "--timeout", "0.5", "--keep-on-timeout", "--json");
            assertEquals(3, kept.exit(), kept::toString);
            Map<String, Object> result = Json.parseObject(kept.out().trim());
            assertEquals("timeout", result.get("result"));
            assertEquals(false, result.get("reversed"));
            assertEquals("holder", maps(result.get("blockers")).get(0).get("thread"));

            Map<String, Object> status = listJson();
            @SuppressWarnings("unchecked")
            Map<String, Object> transition = (Map<String, Object>) status.get("transition");
            assertEquals("fix-hold", transition.get("patch"));
            assertEquals("patched", transition.get("target"));
            Map<String, Object> blocker = maps(transition.get("blockers")).get(0);
            assertEquals("holder", blocker.get("thread"));
            assertTrue(((String) blocker.get("frame")).contains("io.jlivepatch.samples.targets.Holder.hold("), blocker::toString);
            Map<String, Object> patch = maps(status.get("patches")).get(0);
            assertEquals(true, patch.get("transition"));
            assertEquals(true, patch.get("enabled"));
            assertTrue(awaitAnswer("mbean fix-hold", "Enabled=").startsWith("Enabled=true Transition=true"));
            assertTrue(awaitAnswer("mbean-global", "Version=").matches(".*Transition=fix-hold to patched remaining=1"
                    + " blockers=\\[holder: \\S*io.jlivepatch.samples.targets.Holder.hold\\(.*"));

            CliRun busy = CliRun.of("load", pid, v1.toString());
            assertEquals(1, busy.exit(), busy::toString);
            assertTrue(busy.err().contains("patch 'fix-hold' is in transition (busy)"), busy::toString);

            CliRun force = CliRun.of("force", pid, "fix-hold");
            assertEquals(0, force.exit(), force::toString);
            assertInOrder(force.out(), "jlivepatch: forcing remaining tasks to the patched state",
                    "jlivepatch: 'fix-hold': patching complete");
            patch = maps(listJson().get("patches")).get(0);
            // As in the kernel, "forced" marks patches being removed by a forced transition, not this one.
            assertEquals(false, patch.get("forced"));
            assertEquals(false, patch.get("transition"));
            assertTrue(awaitAnswer("mbean fix-hold", "Enabled=true Transition=false Replace=false Forced=false")
                    .contains("StackOrder=1"));

            CliRun notInTransition = CliRun.of("force", pid, "fix-hold");
            assertEquals(1, notInTransition.exit(), notInTransition::toString);
            assertTrue(notInTransition.err().contains("patch 'fix-hold' is not in transition"), notInTransition::toString);
        } finally {
            assertEquals("released original:released", target.run("release"));
        }
        assertEquals(0, CliRun.of("disable", pid, "fix-hold").exit());
    }

    @Test
    @Order(7)
    void aStalledDisableIsReversedOnTimeoutAndCanBeForced() throws Exception {
        assertEquals(0, CliRun.of("load", pid, hold.toString()).exit());
        assertEquals("holding", target.run("hold"));
        try {
            CliRun disable = CliRun.of("disable", pid, "fix-hold", "--timeout", "1");
            assertEquals(3, disable.exit(), disable::toString);
            assertInOrder(disable.out(),
                    "jlivepatch: 'fix-hold': starting unpatching transition",
                    "jlivepatch: 'fix-hold': unpatching transition not complete after 1 s; 1 thread remaining",
                    "jlivepatch: 'fix-hold': reversing the transition",
                    "jlivepatch: 'fix-hold': starting patching transition",
                    "jlivepatch: 'fix-hold': patching complete",
                    "jlivepatch: 'fix-hold': transition reversed; the patch is enabled, as before the command");
            assertEquals(true, maps(listJson().get("patches")).get(0).get("enabled"));

            // An MBean operation does not wait: the unpatching transition stays stalled, then is forced.
            assertEquals("invoked disable", target.run("mbean-op fix-hold disable"));
            awaitStatus(s -> s.get("transition") != null);
            CliRun force = CliRun.of("force", "CliTarget", "fix-hold");
            assertEquals(0, force.exit(), force::toString);
            assertInOrder(force.out(), "jlivepatch: forcing remaining tasks to the patched state",
                    "jlivepatch: 'fix-hold': unpatching complete");
            assertEquals(List.of(), listJson().get("patches"));
        } finally {
            assertEquals("released fixed:released", target.run("release"));
        }
    }

    @Test
    @Order(8)
    void mbeanOperationsAndJfrEventsAreRecorded() throws Exception {
        Path recording = dir.resolve("ops.jfr");
        assertEquals("recording", target.run("jfr-start"));
        assertEquals(0, CliRun.of("load", pid, v1.toString()).exit());
        awaitAnswer("mbean fix-v1", "Enabled=true");
        assertEquals("invoked disable", target.run("mbean-op fix-v1 disable"));
        awaitStatus(s -> ((List<?>) s.get("patches")).isEmpty());
        assertEquals("dumped", target.run("jfr-dump " + recording));

        List<Map<String, Object>> history = maps(listJson().get("history"));
        Map<String, Object> last = history.get(history.size() - 1);
        assertEquals("disable", last.get("op"));
        assertEquals("jmx", last.get("via"));
        assertEquals(sha256(v1), last.get("sha256"));

        Map<String, List<jdk.jfr.consumer.RecordedEvent>> events = new java.util.TreeMap<>();
        for (jdk.jfr.consumer.RecordedEvent e : jdk.jfr.consumer.RecordingFile.readAllEvents(recording)) {
            events.computeIfAbsent(e.getEventType().getName(), k -> new java.util.ArrayList<>()).add(e);
        }
        assertEquals(Set.of("io.jlivepatch.Disable", "io.jlivepatch.Enable", "io.jlivepatch.Transition",
                "io.jlivepatch.TransitionStart"), events.keySet(), events::toString);
        jdk.jfr.consumer.RecordedEvent enable = events.get("io.jlivepatch.Enable").get(0);
        assertEquals("fix-v1", enable.getString("patch"));
        assertEquals(sha256(v1), enable.getString("sha256"));
        assertEquals("ok", enable.getString("result"));
        assertTrue(enable.getString("requester").startsWith("user '" + USER + "' pid "), enable::toString);
        assertTrue(events.get("io.jlivepatch.Disable").get(0).getString("requester").endsWith("via jmx"));
        assertEquals(List.of("patched", "unpatched"), events.get("io.jlivepatch.Transition").stream()
                .sorted(java.util.Comparator.comparing(jdk.jfr.consumer.RecordedEvent::getStartTime))
                .map(e -> e.getString("target")).toList());
    }

    @Test
    @Order(9)
    void psListsTheTargetWithItsAgentAndPatches() throws Exception {
        assertEquals(0, CliRun.of("load", pid, v1.toString()).exit());
        try {
            CliRun ps = CliRun.of("ps");
            assertEquals(0, ps.exit(), ps::toString);
            assertTrue(ps.firstLine().matches("PID\\s+AGENT\\s+PATCHES\\s+MAIN"), ps::toString);
            assertTrue(Pattern.compile("(?m)^" + pid + "\\s+\\S+SNAPSHOT\\s+fix-v1\\s+" + Pattern.quote(MAIN) + "$")
                    .matcher(ps.out()).find(), ps::toString);
            CliRun json = CliRun.of("ps", "--json");
            assertEquals(0, json.exit(), json::toString);
            Map<String, Object> row = maps(Json.parseObject(json.out().trim()).get("jvms")).stream()
                    .filter(r -> r.get("pid").equals(target.pid())).findFirst().orElseThrow();
            assertEquals(MAIN, row.get("mainClass"));
            assertEquals(List.of("fix-v1"), row.get("patches"));
            assertNull(row.get("error"));
            assertTrue(((String) row.get("agent")).endsWith("SNAPSHOT"), row::toString);
        } finally {
            assertEquals(0, CliRun.of("disable", pid, "fix-v1").exit());
        }
    }

    @Test
    @Order(10)
    void targetErrorsNameTheCause() throws Exception {
        CliRun noSuchPid = CliRun.of("list", Long.toString(unusedPid()));
        assertEquals(1, noSuchPid.exit(), noSuchPid::toString);
        assertTrue(noSuchPid.err().startsWith("jlivepatch: no process with pid "), noSuchPid::toString);

        CliRun noMatch = CliRun.of("list", "NoSuchMainClassAnywhere");
        assertEquals(1, noMatch.exit(), noMatch::toString);
        assertTrue(noMatch.err().contains("no Java process whose main class contains 'NoSuchMainClassAnywhere'"),
                noMatch::toString);

        Process sleep = new ProcessBuilder("sleep", "60").start();
        try {
            CliRun notJava = CliRun.of("load", Long.toString(sleep.pid()), v1.toString());
            assertEquals(1, notJava.exit(), notJava::toString);
            assertTrue(notJava.err().contains("process " + sleep.pid() + " (sleep) is not a Java virtual machine"),
                    notJava::toString);
            assertTrue(sleep.isAlive(), "the CLI must not signal a process that is not a JVM");
        } finally {
            sleep.destroyForcibly();
        }
    }

    @Test
    @Order(11)
    void anotherAgentVersionIsRefusedNamingBoth() throws Exception {
        Path other = AgentJars.withVersion(TargetJvm.AGENT_JAR, dir.resolve("other-agent.jar"), "9.9.9-test");
        CliRun load = CliRun.command(List.of(), other.toString(), "load", pid, v1.toString());
        assertEquals(1, load.exit(), load::toString);
        assertTrue(load.err().contains("runs the jlivepatch 0.1.0-SNAPSHOT agent, and this is the jlivepatch 9.9.9-test CLI"),
                load::toString);
        CliRun list = CliRun.command(List.of(), other.toString(), "list", pid);
        assertEquals(0, list.exit(), list::toString);
        assertTrue(list.err().contains("this is the jlivepatch 9.9.9-test CLI"), list::toString);
    }

    @Test
    @Order(12)
    void anotherUsersProcessIsRefusedNamingBothUsers() throws Exception {
        Assumptions.assumeTrue("root".equals(USER) && Files.isExecutable(Path.of("/usr/bin/setpriv")),
                "needs root and setpriv to run the CLI as another user");
        Path shared = Files.createTempDirectory(Path.of("/tmp"), "jlivepatch-cli-");
        try {
            Path jar = Files.copy(TargetJvm.AGENT_JAR, shared.resolve("jlivepatch-agent.jar"));
            Files.setPosixFilePermissions(shared, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setPosixFilePermissions(jar, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            CliRun run = CliRun.command(List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                    "--"), jar.toString(), "list", pid);
            assertEquals(1, run.exit(), run::toString);
            assertTrue(run.err().startsWith("jlivepatch: process " + pid) && run.err().contains(" runs as user 'root',"
                    + " and you are 'nobody': the Attach API, jlivepatch's only channel, lets only the same user attach"),
                    run::toString);
        } finally {
            try (var files = Files.walk(shared)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    // ---------------------------------------------------------------------------------------------

    private Map<String, Object> listJson() throws Exception {
        CliRun run = CliRun.of("list", pid, "--json");
        assertEquals(0, run.exit(), run::toString);
        return Json.parseObject(run.out().trim());
    }

    /** The list --json contract, field by field, for fix-v1 enabled on a loaded Greeter. */
    private void assertListedFixV1(Map<String, Object> status) throws Exception {
        assertEquals(target.pid(), status.get("pid"));
        assertTrue(status.containsKey("transition"));
        assertNull(status.get("transition"));
        List<Map<String, Object>> patches = maps(status.get("patches"));
        assertEquals(1, patches.size());
        Map<String, Object> p = patches.get(0);
        assertEquals("fix-v1", p.get("name"));
        assertEquals(true, p.get("enabled"));
        assertEquals(false, p.get("transition"));
        assertEquals(false, p.get("replace"));
        assertEquals(false, p.get("forced"));
        assertEquals(1L, p.get("stackOrder"));
        assertEquals(sha256(v1), p.get("sha256"));
        List<Map<String, Object>> objects = maps(p.get("objects"));
        assertEquals(1, objects.size());
        Map<String, Object> o = objects.get(0);
        assertEquals(GREETER, o.get("name"));
        assertEquals(true, o.get("loaded"));
        assertEquals(true, o.get("patched"));
        assertEquals(List.of(Map.of("name", "greet", "descriptor", "(Ljava/lang/String;)Ljava/lang/String;", "nop", false)),
                o.get("funcs"));
    }

    private interface StatusCheck {
        boolean test(Map<String, Object> status);
    }

    private void awaitStatus(StatusCheck check) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> {
                    Map<String, Object> status = listJson();
                    assertTrue(check.test(status), () -> "status never matched: " + status);
                });
    }

    /** Asks the target until the answer starts with {@code prefix} (the MBeans follow the engine asynchronously). */
    private String awaitAnswer(String command, String prefix) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(25))
                .until(() -> target.run(command), startsWith(prefix));
    }

    /** Asserts that each of {@code expected} is found in {@code text}, in this order. */
    static void assertInOrder(String text, String... expected) {
        int from = 0;
        for (String part : expected) {
            int at = text.indexOf(part, from);
            if (at < 0) {
                throw new AssertionError("expected, in order, " + List.of(expected) + "\nmissing from here on: " + part
                        + "\nin:\n" + text);
            }
            from = at + part.length();
        }
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> maps(Object list) {
        return (List<Map<String, Object>>) list;
    }

    static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** A pid no process has: Linux pids stay below 2^22 (PID_MAX_LIMIT). */
    private static long unusedPid() {
        return 999_999_999L;
    }
}
