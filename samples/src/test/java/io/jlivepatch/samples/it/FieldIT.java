package io.jlivepatch.samples.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlivepatch.agent.control.json.Json;
import io.jlivepatch.samples.patches.GreetV1;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The field, created for real: a JVM that runs as a service user ({@code useradd}, started with
 * {@code setpriv}) while the operator's jars sit in a 0700 directory of root's; a JVM in its own pid
 * and mount namespaces with a private {@code /tmp} ({@code unshare} and a tmpfs, as in a container),
 * that does not see the CLI's files at all; the watched directory of such a JVM; and a non-root user
 * who is not the owner. Each is driven end to end through the real CLI ({@code java -jar} of the
 * agent jar built by the reactor): load, list, disable.
 *
 * <p>Needs root and {@code unshare}, {@code setpriv}, {@code useradd}: skipped otherwise, with the
 * reason. CI runs as root.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(300)
class FieldIT {

    private static final String MAIN = "io.jlivepatch.samples.targets.CliTarget";
    private static final String SERVICE_USER = "jlpfield";

    /** World-readable copies: the service user's class path, and jars for the user "nobody". */
    private Path shared;
    /** Root's 0700 directory with the patch and an agent jar only root can read. */
    private Path private0700;
    private Path patch;
    private Path privateAgent;
    private boolean createdUser;

    @BeforeAll
    void situation() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "FieldIT creates users and namespaces: it needs root (CI runs as root)");
        for (String tool : List.of("/usr/bin/unshare", "/usr/bin/setpriv", "/usr/sbin/useradd")) {
            Assumptions.assumeTrue(Files.isExecutable(Path.of(tool)), "FieldIT needs " + tool);
        }
        Assumptions.assumeTrue(run("unshare", "--pid", "--mount", "--fork", "true") == 0,
                "unshare --pid --mount is not permitted here (a container without CAP_SYS_ADMIN?)");
        if (run("id", "-u", SERVICE_USER) != 0) {
            assertEquals(0, run("/usr/sbin/useradd", "--system", "--user-group", "--no-create-home",
                    "--shell", "/usr/sbin/nologin", SERVICE_USER), "useradd " + SERVICE_USER);
            createdUser = true;
        }
        shared = Files.createTempDirectory(Path.of("/tmp"), "jlivepatch-field-shared-");
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String> classpath = new ArrayList<>();
        for (String entry : TargetJvm.CLASSPATH.split(File.pathSeparator)) {
            Path copy = shared.resolve("cp" + classpath.size());
            copyTree(Path.of(entry), copy);
            classpath.add(copy.toString());
        }
        Files.writeString(shared.resolve("classpath"), String.join(File.pathSeparator, classpath));
        Files.copy(TargetJvm.AGENT_JAR, shared.resolve("jlivepatch-agent.jar"));
        run("chmod", "-R", "a+rX", shared.toString());

        private0700 = Files.createTempDirectory(Path.of("/tmp"), "jlivepatch-field-root-");
        Files.setPosixFilePermissions(private0700, PosixFilePermissions.fromString("rwx------"));
        patch = new PatchJars(private0700).jar("fix-v1", false, GreetV1.class);
        privateAgent = Files.copy(TargetJvm.AGENT_JAR, private0700.resolve("jlivepatch-agent.jar"));
    }

    @AfterAll
    void cleanUp() throws Exception {
        for (Path dir : new Path[] {shared, private0700}) {
            if (dir != null) {
                delete(dir);
            }
        }
        if (createdUser) {
            // userdel refuses while a process of the user is still exiting: retry briefly.
            for (int attempt = 0; attempt < 20 && run("/usr/sbin/userdel", SERVICE_USER) != 0; attempt++) {
                Thread.sleep(250);
            }
            if (run("id", "-u", SERVICE_USER) == 0) {
                System.err.println("FieldIT: could not remove the user " + SERVICE_USER + " it created");
            }
        }
    }

    @Test
    void rootPatchesAServiceUsersJvmFromADirectoryOnlyRootReads() throws Exception {
        int uid = Integer.parseInt(output("id", "-u", SERVICE_USER));
        try (TargetJvm target = TargetJvm.ofCommand("field-service", List.of("/usr/bin/setpriv",
                "--reuid=" + SERVICE_USER, "--regid=" + SERVICE_USER, "--init-groups", "--",
                TargetJvm.java(), "-cp", Files.readString(shared.resolve("classpath")), MAIN))) {
            String pid = Long.toString(target.pid());
            assertEquals(uid, (Integer) Files.getAttribute(Path.of("/proc", pid), "unix:uid"), "runs as the service user");
            // Positive control: the service user really cannot read the jars where they are.
            assertNotEquals(0, run("/usr/bin/setpriv", "--reuid=" + SERVICE_USER, "--regid=" + SERVICE_USER,
                    "--init-groups", "--", "cat", patch.toString()), "the service user must not read " + patch);
            assertEquals("greet = hello world", target.run("call greet"));

            CliRun load = CliRun.command(List.of(), privateAgent.toString(), "load", pid, patch.toString());
            assertEquals(0, load.exit(), load::toString);
            assertTrue(load.out().contains("jlivepatch: patch 'fix-v1' is enabled in process " + pid), load::toString);
            String handover = onlyLine(load.err(), "jlivepatch: handed over to process " + pid);
            assertTrue(handover.contains(patch + " (not readable by uid " + uid + ")")
                    && handover.contains(privateAgent + " (not readable by uid " + uid + ")")
                    && handover.contains("-> /tmp/jlivepatch-" + uid + " through /proc/" + pid + "/root, owned by uid "
                            + uid) && handover.endsWith("SHA-256 verified; removed after the command"), handover);
            assertEquals("greet = v1 world", target.run("call greet"));
            assertFalse(Files.exists(Path.of("/proc", pid, "root", "tmp", "jlivepatch-" + uid)),
                    "the hand-over directory must be removed after the command");

            Map<String, Object> status = listJson(pid);
            List<Map<String, Object>> patches = maps(status.get("patches"));
            assertEquals(1, patches.size(), status::toString);
            assertEquals("fix-v1", patches.get(0).get("name"));
            assertEquals(true, patches.get(0).get("enabled"));

            CliRun disable = CliRun.command(List.of(), privateAgent.toString(), "disable", pid, "fix-v1");
            assertEquals(0, disable.exit(), disable::toString);
            // The agent loaded by the first command serves its command socket: the disable goes there,
            // so the agent jar need not be handed over again.
            assertFalse(disable.err().contains("handed over"), disable::toString);
            assertEquals("greet = hello world", target.run("call greet"));
            assertEquals(List.of(), listJson(pid).get("patches"));
        }
    }

    @Test
    void aUserWhoIsNeitherRootNorTheOwnerIsRefusedInOneLine() throws Exception {
        try (TargetJvm target = TargetJvm.ofCommand("field-refusal", List.of("/usr/bin/setpriv",
                "--reuid=" + SERVICE_USER, "--regid=" + SERVICE_USER, "--init-groups", "--",
                TargetJvm.java(), "-cp", Files.readString(shared.resolve("classpath")), MAIN))) {
            String pid = Long.toString(target.pid());
            Path readablePatch = Files.copy(patch, shared.resolve("fix-v1.jar"));
            Files.setPosixFilePermissions(readablePatch, PosixFilePermissions.fromString("rw-r--r--"));
            CliRun run = CliRun.command(List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                    "--"), shared.resolve("jlivepatch-agent.jar").toString(), "load", pid, readablePatch.toString());
            assertEquals(1, run.exit(), run::toString);
            assertEquals(1, run.err().strip().lines().count(), run::toString);
            assertTrue(run.err().startsWith("jlivepatch: process " + pid + " runs as user '" + SERVICE_USER
                    + "', and you are 'nobody'"), run::toString);
            assertEquals("greet = hello world", target.run("call greet"));
            assertEquals("none", target.run("agent-id"), "a refused user must not load the agent");
        }
    }

    @Test
    void aJvmInItsOwnPidAndMountNamespacesWithAPrivateTmp() throws Exception {
        assumeBuildOutsideTmp();
        Path hostOnly = Files.createTempDirectory(Path.of("/tmp"), "jlivepatch-field-host-");
        try (TargetJvm target = TargetJvm.ofCommand("field-container", container(List.of(
                TargetJvm.java(), "-cp", TargetJvm.CLASSPATH, MAIN)))) {
            long hostPid = javaIn(target);
            String pid = Long.toString(hostPid);
            assertEquals(1, nsPid(hostPid), "java is pid 1 of its namespace, as in a container");
            Path agent = Files.copy(TargetJvm.AGENT_JAR, hostOnly.resolve("jlivepatch-agent.jar"));
            Path jar = Files.copy(patch, hostOnly.resolve("fix-v1.jar"));
            // Positive control: the target's /tmp is its own; the CLI's files are not there.
            assertFalse(Files.exists(Path.of("/proc", pid, "root").resolve(jar.toString().substring(1))));

            CliRun ps = CliRun.command(List.of(), agent.toString(), "ps", "--json");
            assertEquals(0, ps.exit(), ps::toString);
            Map<String, Object> row = maps(Json.parseObject(ps.out().trim()).get("jvms")).stream()
                    .filter(r -> Long.valueOf(hostPid).equals(r.get("pid"))).findFirst().orElse(null);
            assertNotNull(row, () -> "ps lists the container's JVM by its host pid\n" + ps);
            assertEquals(1L, row.get("nsPid"), ps::toString);

            CliRun load = CliRun.command(List.of(), agent.toString(), "load", pid, jar.toString());
            assertEquals(0, load.exit(), load::toString);
            String handover = onlyLine(load.err(), "jlivepatch: handed over to process " + pid);
            assertTrue(handover.contains(jar + " (not in its file system)")
                    && handover.contains(agent + " (not in its file system)")
                    && handover.contains("-> /tmp/jlivepatch-0 through /proc/" + pid + "/root"), handover);
            assertEquals("greet = v1 world", target.run("call greet"));
            assertFalse(Files.exists(Path.of("/proc", pid, "root", "tmp", "jlivepatch-0")), "removed after the command");
            assertEquals("fix-v1", maps(listJson(agent, pid).get("patches")).get(0).get("name"));

            CliRun disable = CliRun.command(List.of(), agent.toString(), "disable", pid, "fix-v1");
            assertEquals(0, disable.exit(), disable::toString);
            assertEquals("greet = hello world", target.run("call greet"));
            assertEquals(List.of(), listJson(agent, pid).get("patches"));
        } finally {
            delete(hostOnly);
        }
    }

    @Test
    void theWatchedDirectoryOfAContainerJvm() throws Exception {
        assumeBuildOutsideTmp();
        String agentOption = "-javaagent:" + TargetJvm.AGENT_JAR.toAbsolutePath()
                + "=patches=/tmp/patches,watch=true,watchperiod=100,log=stderr";
        try (TargetJvm target = TargetJvm.ofCommand("field-container-watch", container(List.of(
                "sh", "-c", "mkdir /tmp/patches && exec \"$0\" \"$@\"",
                TargetJvm.java(), agentOption, "-cp", TargetJvm.CLASSPATH, MAIN)))) {
            String pid = Long.toString(javaIn(target));
            assertNotNull(listJson(pid).get("agentVersion"), "the startup agent answers list");
            Path watched = Path.of("/proc", pid, "root", "tmp", "patches");
            // As an operator would with 'kubectl cp': write beside, then rename into the directory.
            Path staged = Files.copy(patch, watched.resolveSibling(".fix-v1.jar.part"));
            Files.move(staged, watched.resolve("10-fix-v1.jar"), StandardCopyOption.ATOMIC_MOVE);

            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> maps(listJson(pid).get("patches")).size() == 1);
            Map<String, Object> status = listJson(pid);
            assertEquals("fix-v1", maps(status.get("patches")).get(0).get("name"));
            List<Map<String, Object>> history = maps(status.get("history"));
            assertEquals("watch /tmp/patches", history.get(history.size() - 1).get("via"), status::toString);
            assertEquals("greet = v1 world", target.run("call greet"));

            // The agent jar is the same file in both views and readable: nothing is handed over.
            CliRun disable = CliRun.of("disable", pid, "fix-v1");
            assertEquals(0, disable.exit(), disable::toString);
            assertFalse(disable.err().contains("handed over"), disable::toString);
            assertEquals("greet = hello world", target.run("call greet"));
        }
    }

    // ---------------------------------------------------------------------------------------------

    /** {@code command} as pid 1 of new pid and mount namespaces with a tmpfs on /tmp. */
    private static List<String> container(List<String> command) {
        List<String> line = new ArrayList<>(List.of("/usr/bin/unshare", "--pid", "--mount", "--fork", "--kill-child",
                "--mount-proc", "sh", "-c", "mount -t tmpfs -o mode=1777 tmpfs /tmp && exec \"$0\" \"$@\""));
        line.addAll(command);
        return line;
    }

    /** The container's JVM, by its host pid: the only child of unshare, once it is java. */
    private static long javaIn(TargetJvm target) {
        ProcessHandle unshare = ProcessHandle.of(target.pid()).orElseThrow();
        // The console answered "ready", so the exec into java is done.
        List<ProcessHandle> children = unshare.children().toList();
        assertEquals(1, children.size(), children::toString);
        ProcessHandle java = children.get(0);
        assertTrue(java.info().command().orElse("").endsWith("/java"), () -> java.info().toString());
        return java.pid();
    }

    private static long nsPid(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("NSpid:")) {
                String[] f = line.split("\\s+");
                return Long.parseLong(f[f.length - 1]);
            }
        }
        return pid;
    }

    /** The container's /tmp is a fresh tmpfs: its JVM must find the build (class path, agent) elsewhere. */
    private static void assumeBuildOutsideTmp() {
        Assumptions.assumeFalse(TargetJvm.CLASSPATH.contains("/tmp/") || TargetJvm.AGENT_JAR.toAbsolutePath()
                .startsWith("/tmp"), "the build is under /tmp, which the container test hides behind a tmpfs");
    }

    private static String onlyLine(String text, String prefix) {
        List<String> lines = text.lines().filter(l -> l.startsWith(prefix)).toList();
        assertEquals(1, lines.size(), () -> "one line starting with '" + prefix + "' in:\n" + text);
        return lines.get(0);
    }

    private static Map<String, Object> listJson(String pid) throws Exception {
        CliRun run = CliRun.of("list", pid, "--json");
        assertEquals(0, run.exit(), run::toString);
        return Json.parseObject(run.out().trim());
    }

    private static Map<String, Object> listJson(Path agent, String pid) throws Exception {
        CliRun run = CliRun.command(List.of(), agent.toString(), "list", pid, "--json");
        assertEquals(0, run.exit(), run::toString);
        return Json.parseObject(run.out().trim());
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> maps(Object list) {
        return (List<Map<String, Object>>) list;
    }

    private static int run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }

    private static String output(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, () -> String.join(" ", command) + ": " + out);
        return out;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
