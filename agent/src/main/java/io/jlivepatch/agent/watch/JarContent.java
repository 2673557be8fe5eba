package io.jlivepatch.agent.watch;

import java.util.Objects;

/**
 * What one jar file of the watched directory holds, as far as the watch needs to know.
 *
 * <p>Immutable and thread-safe.
 *
 * @param sha256 the SHA-256 of the file's bytes (lower-case hex, as the patch reader computes it),
 *     or {@link #UNREADABLE} for a file that exists but cannot be read
 * @param patchName the {@code Livepatch-Name} the jar declares, or {@code null} if it is not a
 *     readable patch (loading it will be refused, with the reader's reason, through the audit)
 */
public record JarContent(String sha256, String patchName) {

    /** The {@link #sha256} of a file that exists but could not be read: the same value every time, so it fails once. */
    public static final String UNREADABLE = "unreadable";

    public JarContent {
        Objects.requireNonNull(sha256, "sha256");
    }

    /** The first 12 hex digits, for log lines. */
    String shortSha() {
        return sha256.length() > 12 ? sha256.substring(0, 12) + "…" : sha256;
    }
}
