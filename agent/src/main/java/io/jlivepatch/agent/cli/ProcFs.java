package io.jlivepatch.agent.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * What Linux's {@code /proc} says about a process before we attach: whether it exists, who owns it,
 * and whether it is a JVM at all. Checking first matters: the Attach API starts by sending
 * {@code SIGQUIT}, which terminates a process that is not a JVM, and across users it fails only
 * after a ten-second timeout with a message that names neither user.
 *
 * <p>On systems without {@code /proc} every answer is "unknown" and the attach itself decides.
 *
 * <p>Stateless and thread-safe.
 */
final class ProcFs {

    private static final Path PROC = Path.of("/proc");

    private ProcFs() {}

    /** Whether this system has a Linux-style {@code /proc}. */
    static boolean available() {
        return Files.isDirectory(PROC.resolve("self"));
    }

    static boolean exists(long pid) {
        return Files.isDirectory(PROC.resolve(Long.toString(pid)));
    }

    /** The uid owning the process, or {@code -1} if unknown. */
    static int uid(long pid) {
        return uid(PROC.resolve(Long.toString(pid)));
    }

    /** This process's uid, or {@code -1} if unknown. */
    static int myUid() {
        return uid(PROC.resolve("self"));
    }

    private static int uid(Path path) {
        try {
            return (Integer) Files.getAttribute(path, "unix:uid");
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            return -1;
        }
    }

    /** The user name owning the process, or its uid as text. */
    static String owner(long pid) {
        Path path = PROC.resolve(Long.toString(pid));
        try {
            return Files.getOwner(path).getName();
        } catch (IOException | UnsupportedOperationException e) {
            return "uid " + uid(path);
        }
    }

    /** The process's command name ({@code /proc/<pid>/comm}), or {@code "?"}. */
    static String command(long pid) {
        try {
            return Files.readString(PROC.resolve(pid + "/comm")).trim();
        } catch (IOException e) {
            return "?";
        }
    }

    /**
     * The main class (or {@code -jar} file, or {@code -m} module) on the process's command line, or
     * {@code "?"}: for JVMs the Attach API does not list (no performance data, attach disabled).
     */
    static String mainClass(long pid) {
        String[] args;
        try {
            args = Files.readString(PROC.resolve(pid + "/cmdline")).split("\0");
        } catch (IOException e) {
            return "?";
        }
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("-jar") || arg.equals("-m") || arg.equals("--module")) {
                return i + 1 < args.length ? args[i + 1] : "?";
            }
            if (TAKES_VALUE.contains(arg)) {
                i++;
            } else if (!arg.startsWith("-")) {
                return arg;
            }
        }
        return "?";
    }

    /** The {@code java} launcher's options whose value is the next argument. */
    private static final java.util.Set<String> TAKES_VALUE = java.util.Set.of("-cp", "-classpath", "--class-path",
            "-p", "--module-path", "--upgrade-module-path", "--add-modules", "--limit-modules", "--add-reads",
            "--add-exports", "--add-opens", "--patch-module", "--source", "--enable-native-access");

    /**
     * Whether the process has a JVM mapped ({@code libjvm.so} in its memory maps); {@code null} if
     * the maps cannot be read.
     */
    static Boolean hasJvm(long pid) {
        try (Stream<String> lines = Files.lines(PROC.resolve(pid + "/maps"))) {
            return lines.anyMatch(line -> line.endsWith("/libjvm.so"));
        } catch (IOException | java.io.UncheckedIOException e) {
            return null;
        }
    }
}
