package io.jlivepatch.agent.boot;

import io.jlivepatch.core.registry.Livepatch;

/**
 * The {@code patches=<dir>} option: enables every patch jar of a directory, in file-name order.
 * Placeholder until the patch-jar reader lands.
 *
 * <p>Stateless and thread-safe.
 */
final class PatchDirectory {

    private PatchDirectory() {}

    static void enableAll(Livepatch livepatch, String directory) {
        if (directory != null) {
            throw new IllegalArgumentException("jlivepatch: patches= is not supported yet");
        }
    }
}
