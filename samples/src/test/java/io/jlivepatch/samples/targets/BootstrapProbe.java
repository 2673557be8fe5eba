package io.jlivepatch.samples.targets;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A tiny application for the forked-JVM tests of {@code AgentLoadIT}: it reports whether the
 * runtime ({@value #RUNTIME_CLASS}) is visible from the bootstrap class loader, which is what
 * the agent must achieve before its first patch.
 *
 * <p>Without arguments it prints the report once and exits (for {@code -javaagent}). With
 * {@code serve} it prints {@code probe: ready <pid>} and answers commands read from stdin, one per
 * line, until end of input: {@code await} polls until the runtime is visible (at most
 * {@value #AWAIT_MILLIS} ms) and prints the report; {@code report} prints it at once. Every report
 * line starts with {@code probe: }.
 *
 * <p>Thread-safety: single-threaded; runs as the {@code main} of its own JVM only.
 */
public final class BootstrapProbe {

    /** The class that proves the runtime is in the boot loader. */
    public static final String RUNTIME_CLASS = "io.jlivepatch.runtime.Dispatch";
    /** The report line when the runtime is visible from the bootstrap loader. */
    public static final String VISIBLE = "probe: bootstrap loads " + RUNTIME_CLASS + ": true";
    /** The report line when it is not. */
    public static final String NOT_VISIBLE = "probe: bootstrap loads " + RUNTIME_CLASS + ": false";

    private static final long AWAIT_MILLIS = 10_000;

    private BootstrapProbe() {}

    /**
     * Runs the probe.
     *
     * @param args empty, or {@code serve}
     * @throws Exception on an I/O error or interrupt (the test then sees a non-zero exit)
     */
    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            report();
            return;
        }
        System.out.println("probe: ready " + ProcessHandle.current().pid());
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String command; (command = in.readLine()) != null; ) {
            if (command.equals("await")) {
                long deadline = System.nanoTime() + AWAIT_MILLIS * 1_000_000;
                while (!visible() && System.nanoTime() - deadline < 0) {
                    Thread.sleep(10);
                }
            }
            report();
        }
    }

    private static void report() throws IOException, ClassNotFoundException {
        boolean visible = visible();
        System.out.println(visible ? VISIBLE : NOT_VISIBLE);
        if (visible) {
            // the application loader must delegate to the bootstrap copy, never define its own
            Class<?> seen = ClassLoader.getSystemClassLoader().loadClass(RUNTIME_CLASS);
            System.out.println("probe: application loader sees the bootstrap copy: " + (seen.getClassLoader() == null));
        }
        System.out.println("probe: extracted runtime jars: " + extractedRuntimeJars());
        System.out.flush();
    }

    private static boolean visible() {
        try {
            Class.forName(RUNTIME_CLASS, false, null);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** Counts the agent's extracted copies in {@code java.io.tmpdir} (the tests give each JVM its own). */
    private static int extractedRuntimeJars() throws IOException {
        int n = 0;
        Path dir = Path.of(System.getProperty("java.io.tmpdir"));
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "jlivepatch-runtime-*.jar")) {
            for (Path ignored : files) {
                n++;
            }
        }
        return n;
    }
}
