package io.jlivepatch.agent.boot;

import io.jlivepatch.agent.control.Command;
import io.jlivepatch.agent.control.Control;
import io.jlivepatch.agent.control.Reply;
import io.jlivepatch.agent.trust.SafePaths;
import io.jlivepatch.core.registry.Livepatch;
import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The {@code patches=<dir>} option: enables every {@code *.jar} of a directory, in file-name order,
 * waiting for each transition before the next (only one transition runs at a time). A jar that
 * cannot be read or enabled is logged and skipped: the application must start anyway. Each load
 * goes through the control side's executor, so it is audited like the CLI's (requested by this
 * process's user, {@code via patches=<dir>}). The directory and each jar must be safe
 * ({@link SafePaths}: writable by no one but this process's user and root); an unsafe directory is
 * not applied at all, an unsafe jar is skipped, each logged with the fix.
 *
 * <p>Stateless and thread-safe.
 */
final class PatchDirectory {

    private static final System.Logger LOG = System.getLogger("io.jlivepatch");
    private static final long TRANSITION_WAIT_MILLIS = 10_000;

    private PatchDirectory() {}

    static void enableAll(Livepatch livepatch, Control control, String directory) {
        if (directory == null) {
            return;
        }
        Command.Requester requester = new Command.Requester(System.getProperty("user.name", "?"),
                ProcessHandle.current().pid(), "patches=" + directory);
        SafePaths.Check safe = SafePaths.forThisProcess().check();
        try {
            safe.directory(Path.of(directory));
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "jlivepatch: not applying patches directory " + directory + ": "
                    + e.getMessage());
            return;
        }
        for (Path jar : jars(Path.of(directory))) {
            try {
                safe.jar(jar);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.ERROR, "jlivepatch: skipping " + jar + ": " + e.getMessage());
                continue;
            }
            Reply reply = control.execute(new Command(Command.Kind.LOAD, jar.toAbsolutePath().toString(), null, null,
                    null, null, requester));
            if (reply.ok()) {
                awaitTransition(livepatch);
            } else {
                LOG.log(System.Logger.Level.ERROR, "jlivepatch: skipping " + jar + ": " + reply.error());
            }
        }
    }

    /** The directory's {@code *.jar} files in name order; none (logged) if it cannot be listed. */
    static List<Path> jars(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "jlivepatch: cannot list patches directory " + directory + ": " + e);
            return List.of();
        }
    }

    /**
     * Whether {@code directory} holds a name a watch would consider a patch jar ({@code *.jar}, not
     * starting with a dot). Only a listing: nothing is read, hashed or checked, and no lambda or
     * stream runs, since a dormant agent calls it before {@code main} and then every poll.
     *
     * @throws IOException if the directory cannot be listed
     */
    static boolean hasJar(Path directory) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.endsWith(".jar") && !name.startsWith(".")) {
                    return true;
                }
            }
            return false;
        } catch (DirectoryIteratorException e) {
            throw e.getCause();
        }
    }

    private static void awaitTransition(Livepatch livepatch) {
        long waited = 0;
        while (livepatch.isInTransition() && waited < TRANSITION_WAIT_MILLIS) {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            waited++;
        }
    }
}
