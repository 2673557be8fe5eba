package io.jlivepatch.samples.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release a user installs: the dist module's {@code jlivepatch-<version>.tar.gz}, unpacked into
 * an empty directory, runs {@code load}, {@code list} and {@code disable} from there with nothing but
 * a JDK (no Maven, no checkout, an empty home and working directory); a hand-written patch compiles
 * against its {@code lib/jlivepatch-runtime.jar}; the {@code .zip} holds the same files.
 */
@Timeout(180)
class DistIT {

    /** The archives' path without the extension. */
    private static final String DIST = System.getProperty("jlivepatch.dist", "../dist/target/jlivepatch-0.1.0-SNAPSHOT");
    private static final String MAIN = "io.jlivepatch.samples.targets.CliTarget";

    @Test
    void theUnpackedReleaseLoadsListsAndDisablesWithOnlyAJdk(@TempDir Path empty, @TempDir Path work) throws Exception {
        Path tar = Path.of(DIST + ".tar.gz");
        assertTrue(Files.isRegularFile(tar), "mvn package writes " + tar);
        assertEquals(0, exec(List.of("tar", "-xzf", tar.toAbsolutePath().toString(), "-C", empty.toString()), empty,
                Map.of()).exit());
        Path home = empty.resolve(Path.of(DIST).getFileName().toString());
        Path bin = home.resolve("bin/jlivepatch");
        assertTrue(Files.isExecutable(bin), "bin/jlivepatch is executable");
        assertTrue(Files.isRegularFile(home.resolve("lib/jlivepatch-agent.jar")));
        assertTrue(Files.isRegularFile(home.resolve("lib/jlivepatch-runtime.jar")));
        assertTrue(Files.isRegularFile(home.resolve("README.md")));
        assertFalse(Files.readString(bin).contains("mvn "), "the installed launcher never runs Maven");
        assertEquals(entries(tar), zipEntries(Path.of(DIST + ".zip")), "the zip holds what the tar holds");

        // A hand-written patch, compiled against the release's runtime jar and the application.
        Map<String, byte[]> patchClasses = compile("io.jlivepatch.samples.dist.GreetFromRelease", """
                package io.jlivepatch.samples.dist;
                import io.jlivepatch.api.Replace;
                import io.jlivepatch.api.TargetClass;
                import io.jlivepatch.samples.targets.Greeter;
                @TargetClass("io.jlivepatch.samples.targets.Greeter")
                public final class GreetFromRelease {
                    private GreetFromRelease() {}
                    @Replace
                    static String greet(Greeter self, String name) {
                        return "release " + name;
                    }
                }
                """, home.resolve("lib/jlivepatch-runtime.jar") + File.pathSeparator + TargetJvm.CLASSPATH);
        Path patch = new PatchJars(work).jar("fix-release", false, patchClasses);

        Map<String, String> env = Map.of("PATH", "/usr/bin:/bin", "JAVA_HOME", System.getProperty("java.home"),
                "HOME", empty.toString());
        try (TargetJvm target = TargetJvm.ofMain("dist-target", TargetJvm.java(), MAIN)) {
            String pid = Long.toString(target.pid());
            CliRun load = exec(List.of(bin.toString(), "load", pid, patch.toString()), empty, env);
            assertEquals(0, load.exit(), load::toString);
            assertTrue(load.out().contains("jlivepatch: patch 'fix-release' is enabled in process " + pid), load::toString);
            assertEquals("greet = release world", target.run("call greet"));

            CliRun list = exec(List.of(bin.toString(), "list", pid), empty, env);
            assertEquals(0, list.exit(), list::toString);
            assertTrue(list.out().contains("1. fix-release enabled"), list::toString);

            CliRun disable = exec(List.of(bin.toString(), "disable", pid, "fix-release"), empty, env);
            assertEquals(0, disable.exit(), disable::toString);
            assertEquals("greet = hello world", target.run("call greet"));

            CliRun version = exec(List.of(bin.toString(), "--version"), empty, env);
            assertEquals(0, version.exit(), version::toString);
            assertTrue(version.out().contains("0.1.0-SNAPSHOT"), version::toString);
        }
        try (var files = Files.list(empty)) {
            assertEquals(List.of(home), files.toList(), "the CLI leaves nothing in its working directory");
        }
    }

    private static CliRun exec(List<String> command, Path dir, Map<String, String> env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        if (!env.isEmpty()) {
            builder.environment().clear();
            builder.environment().putAll(env);
        }
        Path out = Files.createTempFile("dist-", ".out");
        Path err = Files.createTempFile("dist-", ".err");
        try {
            Process p = builder.redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("did not finish: " + command);
            }
            return new CliRun(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static Set<String> entries(Path tar) throws Exception {
        CliRun list = exec(List.of("tar", "-tzf", tar.toAbsolutePath().toString()), tar.getParent(), Map.of());
        assertEquals(0, list.exit(), list::toString);
        Set<String> names = new TreeSet<>();
        list.out().lines().filter(l -> !l.endsWith("/")).forEach(names::add);
        return names;
    }

    private static Set<String> zipEntries(Path zip) throws IOException {
        Set<String> names = new TreeSet<>();
        try (ZipFile file = new ZipFile(zip.toFile())) {
            file.stream().filter(e -> !e.isDirectory()).forEach(e -> names.add(e.getName()));
        }
        return names;
    }

    /** Compiles one source file in memory; the class files by binary name. */
    private static Map<String, byte[]> compile(String name, String source, String classpath) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        Map<String, byte[]> classes = new java.util.LinkedHashMap<>();
        var files = new javax.tools.ForwardingJavaFileManager<>(javac.getStandardFileManager(null, null,
                StandardCharsets.UTF_8)) {
            @Override
            public JavaFileObject getJavaFileForOutput(javax.tools.JavaFileManager.Location location, String className,
                    JavaFileObject.Kind kind, javax.tools.FileObject sibling) {
                return new SimpleJavaFileObject(URI.create("mem:///" + className.replace('.', '/') + ".class"), kind) {
                    @Override
                    public java.io.OutputStream openOutputStream() {
                        return new java.io.ByteArrayOutputStream() {
                            @Override
                            public void close() {
                                classes.put(className, toByteArray());
                            }
                        };
                    }
                };
            }
        };
        JavaFileObject unit = new SimpleJavaFileObject(URI.create("string:///" + name.replace('.', '/') + ".java"),
                JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        List<String> options = new ArrayList<>(List.of("--release", "17", "-classpath", classpath));
        StringBuilder diagnostics = new StringBuilder();
        boolean ok = javac.getTask(new java.io.PrintWriter(new java.io.Writer() {
            @Override
            public void write(char[] c, int off, int len) {
                diagnostics.append(c, off, len);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        }), files, d -> diagnostics.append(d).append('\n'), options, null, List.of(unit)).call();
        assertTrue(ok, diagnostics::toString);
        files.close();
        assertFalse(classes.isEmpty(), "no class written for " + name + " (" + StandardLocation.CLASS_OUTPUT + ")");
        return classes;
    }
}
