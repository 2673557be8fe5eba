package io.jlivepatch.agent.trust;

import java.util.Objects;

/**
 * Who signed a patch jar: the certificate of the trust store that vouches for every entry.
 *
 * <p>Immutable and thread-safe.
 *
 * @param subject the signer certificate's subject, as RFC 2253 text ({@code CN=ops,O=Example})
 * @param sha256 the SHA-256 fingerprint of the signer certificate's DER encoding, lower-case hex
 */
public record Signer(String subject, String sha256) {

    public Signer {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(sha256, "sha256");
    }

    /** {@code CN=ops (certificate sha256 1a2b3c4d5e6f…)}, for log and audit lines. */
    @Override
    public String toString() {
        return subject + " (certificate sha256 " + (sha256.length() > 12 ? sha256.substring(0, 12) + "…" : sha256)
                + ")";
    }
}
