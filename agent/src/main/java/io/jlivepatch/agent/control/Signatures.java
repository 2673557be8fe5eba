package io.jlivepatch.agent.control;

import io.jlivepatch.agent.trust.Signer;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who signed the jars the agent loaded with a trust store, by the jar's SHA-256: written by the
 * {@link CommandExecutor} when a signed jar is enabled, read into every {@link StatusDocument}.
 * Kept small: once it holds more than {@value #PRUNE_ABOVE} jars, the executor drops those of
 * patches no longer active.
 *
 * <p>Thread-safety: thread-safe.
 */
final class Signatures {

    static final int PRUNE_ABOVE = 64;

    private final Map<String, Signer> bySha256 = new ConcurrentHashMap<>();

    void put(String sha256, Signer signer) {
        bySha256.put(sha256, signer);
    }

    boolean needsPruning() {
        return bySha256.size() > PRUNE_ABOVE;
    }

    void retainOnly(Set<String> activeSha256s) {
        bySha256.keySet().retainAll(activeSha256s);
    }

    Map<String, Signer> snapshot() {
        return Map.copyOf(bySha256);
    }
}
