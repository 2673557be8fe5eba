package io.jlivepatch.agent.watch;

/**
 * One operation {@link WatchState} asks for: the watch carries it out through the control side and
 * reports the result back.
 *
 * <p>Immutable and thread-safe.
 */
public sealed interface Step {

    /**
     * Load and enable the jar {@code file} (added, or its content changed).
     *
     * @param file the file name in the directory
     * @param content what the scan read in it
     * @param changed {@code true} if an earlier content of the same file was loaded or refused
     */
    record Load(String file, JarContent content, boolean changed) implements Step {
    }

    /**
     * Disable patch {@code name}, loaded from a content that left the directory.
     *
     * @param name the patch name
     * @param sha256 the SHA-256 of the content it was loaded from
     * @param file the file it was loaded from
     * @param reload {@code true} if the file is still there with a new content of the same patch
     *     name, which the engine can only enable once this one is gone
     */
    record Disable(String name, String sha256, String file, boolean reload) implements Step {
    }
}
