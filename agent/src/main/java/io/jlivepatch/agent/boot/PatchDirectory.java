package io.jlivepatch.agent.boot;

import io.jlivepatch.core.reader.PatchFormatException;
import io.jlivepatch.core.reader.PatchJarReader;
import io.jlivepatch.core.registry.Livepatch;
import io.jlivepatch.core.registry.LivepatchException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The {@code patches=<dir>} option: enables every {@code *.jar} of a directory, in file-name order,
 * waiting for each transition before the next (only one transition runs at a time). A jar that
 * cannot be read or enabled is logged and skipped: the application must start anyway.
 *
 * <p>Stateless and thread-safe.
 */
final class PatchDirectory {

    private static final System.Logger LOG = System.getLogger("io.jlivepatch");
    private static final long TRANSITION_WAIT_MILLIS = 10_000;

    private PatchDirectory() {}

    static void enableAll(Livepatch livepatch, String directory) {
        if (directory == null) {
            return;
        }
        for (Path jar : jars(Path.of(directory))) {
            try {
                livepatch.enable(PatchJarReader.read(jar));
                awaitTransition(livepatch);
            } catch (PatchFormatException | LivepatchException e) {
                LOG.log(System.Logger.Level.ERROR, "jlivepatch: skipping " + jar + ": " + e.getMessage());
            }
        }
    }

    private static List<Path> jars(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "jlivepatch: cannot list patches directory " + directory + ": " + e);
            return List.of();
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
