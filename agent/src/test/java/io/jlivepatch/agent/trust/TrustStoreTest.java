package io.jlivepatch.agent.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The signature check against keys, stores and jars made by {@code keytool} and {@code jarsigner}:
 * the happy path and each refusal (unsigned, partly signed, altered, signed by a stranger, a second
 * manifest), and stores that cannot be used.
 */
class TrustStoreTest {

    @TempDir
    static Path dir;

    private static Keys keys;
    private static TrustStore trust;
    private static byte[] signed;

    @BeforeAll
    static void keys() throws Exception {
        keys = new Keys(dir);
        keys.keyPair("ops");
        keys.keyPair("mallory");
        trust = TrustStore.load(keys.trustStore("trust.p12", "ops"));
        Path jar = keys.jar("fix.jar", "fix", entries());
        keys.sign(jar, "ops");
        signed = Files.readAllBytes(jar);
    }

    private static Map<String, byte[]> entries() {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("com/example/Fix.class", "class bytes".getBytes(StandardCharsets.UTF_8));
        entries.put("com/example/Other.class", "other bytes".getBytes(StandardCharsets.UTF_8));
        return entries;
    }

    private static String refusal(byte[] jar) {
        return assertThrows(UntrustedPatchException.class, () -> trust.verify("/p/fix.jar", jar)).getMessage();
    }

    @Test
    void aJarSignedByATrustedCertificateIsAcceptedAndItsSignerNamed() throws Exception {
        Signer signer = trust.verify("/p/fix.jar", signed);
        assertEquals("CN=ops", signer.subject());
        assertEquals(64, signer.sha256().length());
        assertEquals(1, trust.size());
    }

    @Test
    void anUnsignedJarIsRefused() throws Exception {
        byte[] unsigned = Files.readAllBytes(keys.jar("plain.jar", "fix", entries()));
        assertTrue(refusal(unsigned).startsWith("/p/fix.jar is not signed"), refusal(unsigned));
    }

    @Test
    void anEntryAddedAfterSigningMakesItPartlySigned() throws Exception {
        byte[] added = Keys.rewrite(signed, Map.of(), Map.of("com/example/Evil.class", new byte[] {1, 2, 3}));
        assertEquals("/p/fix.jar is only partly signed: 1 of 3 entries are not covered by its signature, the first"
                + " com/example/Evil.class (added or changed after signing?)", refusal(added));
    }

    @Test
    void aClassChangedAfterSigningIsRefusedAsAltered() throws Exception {
        byte[] changed = Keys.rewrite(signed, Map.of("com/example/Fix.class",
                b -> "evil bytes!".getBytes(StandardCharsets.UTF_8)), Map.of());
        String why = refusal(changed);
        assertTrue(why.startsWith("/p/fix.jar was altered after it was signed: "), why);
        assertTrue(why.contains("com/example/Fix.class"), why);
    }

    @Test
    void aManifestAttributeChangedAfterSigningIsRefused() throws Exception {
        // Livepatch-Name and Livepatch-Replace are manifest main attributes: the signature covers them too.
        byte[] renamed = Keys.rewrite(signed, Map.of("META-INF/MANIFEST.MF",
                b -> Keys.replace(b, "Livepatch-Name: fix", "Livepatch-Name: fiX")), Map.of());
        String why = refusal(renamed);
        assertTrue(why.startsWith("/p/fix.jar was altered after it was signed: "), why);
    }

    @Test
    void aJarSignedByACertificateNotInTheStoreIsRefusedNamingTheSigner() throws Exception {
        Path jar = keys.jar("stranger.jar", "fix", entries());
        keys.sign(jar, "mallory");
        String why = refusal(Files.readAllBytes(jar));
        assertTrue(why.startsWith("/p/fix.jar is signed by CN=mallory (certificate sha256 "), why);
        assertTrue(why.endsWith(", which the trust store " + dir.resolve("trust.p12") + " does not trust"), why);
    }

    @Test
    void aJarSignedByBothAStrangerAndATrustedKeyIsAccepted() throws Exception {
        Path jar = keys.jar("both.jar", "fix", entries());
        keys.sign(jar, "mallory");
        keys.sign(jar, "ops");
        assertEquals("CN=ops", trust.verify("/p/fix.jar", Files.readAllBytes(jar)).subject());
    }

    @Test
    void aSecondManifestEntryIsRefused() throws Exception {
        byte[] two = Keys.rewrite(signed, Map.of(), Map.of("meta-inf/manifest.mf",
                "Manifest-Version: 1.0\nLivepatch-Name: evil\nLivepatch-Replace: true\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals("/p/fix.jar holds a second manifest entry, meta-inf/manifest.mf", refusal(two));
    }

    @Test
    void garbageIsRefusedAsUnverifiable() {
        String why = refusal("PK\3\4 not really a zip".getBytes(StandardCharsets.ISO_8859_1));
        assertTrue(why.startsWith("/p/fix.jar "), why);
    }

    @Test
    void aStoreThatCannotBeReadStopsTheAgentFromStarting() throws Exception {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> TrustStore.load(dir.resolve("missing.p12")));
        assertTrue(missing.getMessage().startsWith("jlivepatch: cannot read the trust store " + dir.resolve("missing.p12")),
                missing.getMessage());
        Path garbage = Files.writeString(dir.resolve("garbage.p12"), "not a store");
        assertThrows(IllegalArgumentException.class, () -> TrustStore.load(garbage));
        // A store holding only a private key trusts no one: refused, not an agent that accepts nothing silently.
        IllegalArgumentException keysOnly = assertThrows(IllegalArgumentException.class,
                () -> TrustStore.load(dir.resolve("ops.p12")));
        assertTrue(keysOnly.getMessage().contains("holds no trusted certificate"), keysOnly.getMessage());
        // keytool's default encrypts the certificates with the store password: the message says how to make it.
        IllegalArgumentException encrypted = assertThrows(IllegalArgumentException.class,
                () -> TrustStore.load(keys.trustStore("encrypted.p12", false, "ops")));
        assertTrue(encrypted.getMessage().contains("-J-Dkeystore.pkcs12.certProtectionAlgorithm=NONE"),
                encrypted.getMessage());
    }

    @Test
    void signatureFilesAreRecognisedAsTheJdkNamesThem() {
        assertTrue(JarSignatures.isSignatureFile("META-INF/OPS.SF"));
        assertTrue(JarSignatures.isSignatureFile("META-INF/ops.ec"));
        assertTrue(JarSignatures.isSignatureFile("META-INF/SIG-X"));
        assertEquals(false, JarSignatures.isSignatureFile("META-INF/sub/OPS.SF"));
        assertEquals(false, JarSignatures.isSignatureFile("com/example/X.SF"));
        assertEquals(false, JarSignatures.isSignatureFile("META-INF/MANIFEST.MF"));
    }

}
