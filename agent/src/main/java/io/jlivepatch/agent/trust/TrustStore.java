package io.jlivepatch.agent.trust;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSigner;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The certificates the operator trusts to sign patches ({@code trust=<file>}), and the check that a
 * patch jar is signed by one of them.
 *
 * <p>The file is a PKCS12 store of trusted certificates, as {@code keytool -importcert -storetype
 * pkcs12} writes it, read without its password: the agent must not need a secret (its options show
 * in {@code ps}), and a store of public certificates needs none. JDK 17's {@code keytool} encrypts
 * the certificates by default, so the store is made with
 * {@code -J-Dkeystore.pkcs12.certProtectionAlgorithm=NONE}; its integrity rests on its file
 * permissions, like the patch directory's. Private keys in it are ignored.
 *
 * <p>A jar is trusted when one signer signs <em>every</em> entry (signature files and directories
 * aside) and that signer's certificate is in the store, or chains up to a certificate in the store
 * (PKIX validation, without revocation checking: the agent makes no network calls). Anything else is
 * refused with one sentence naming the reason: not signed, partly signed (naming the first uncovered
 * entry), altered after signing, or signed by someone the store does not hold (naming them).
 *
 * <p>Immutable and thread-safe.
 */
public final class TrustStore {

    private final Path file;
    private final List<X509Certificate> trusted;
    private final Set<TrustAnchor> anchors;

    private TrustStore(Path file, List<X509Certificate> trusted) {
        this.file = file;
        this.trusted = List.copyOf(trusted);
        Set<TrustAnchor> set = new HashSet<>();
        for (X509Certificate c : trusted) {
            set.add(new TrustAnchor(c, null));
        }
        this.anchors = Collections.unmodifiableSet(set);
    }

    /**
     * Reads the store.
     *
     * @throws IllegalArgumentException naming the file and the reason if it cannot be read, is not
     *     a PKCS12 store, or holds no certificate
     */
    public static TrustStore load(Path file) {
        KeyStore store;
        try (InputStream in = Files.newInputStream(file)) {
            store = KeyStore.getInstance("PKCS12");
            store.load(in, null);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("jlivepatch: cannot read the trust store " + file + " (" + e
                    + "): it must be a PKCS12 store of certificates, as keytool -importcert -storetype pkcs12"
                    + " writes it, readable by this process");
        }
        List<X509Certificate> certificates = new ArrayList<>();
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (store.isCertificateEntry(alias) && store.getCertificate(alias) instanceof X509Certificate c) {
                    certificates.add(c);
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("jlivepatch: cannot read the trust store " + file + " (" + e + ")");
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("jlivepatch: the trust store " + file + " holds no trusted certificate"
                    + " readable without its password (import them with keytool -importcert -storetype pkcs12"
                    + " -J-Dkeystore.pkcs12.certProtectionAlgorithm=NONE)");
        }
        return new TrustStore(file, certificates);
    }

    /** The store's file, as given. */
    public Path file() {
        return file;
    }

    /** How many certificates it trusts. */
    public int size() {
        return trusted.size();
    }

    /**
     * Checks that {@code jar} is signed, entry by entry, by a trusted signer.
     *
     * @param shown how messages name the jar (its path)
     * @param jar the jar's bytes: exactly the bytes that will then be read as the patch
     * @return the trusted signer (the first in signing order if several sign every entry)
     * @throws UntrustedPatchException naming the jar and the reason
     */
    public Signer verify(String shown, byte[] jar) throws UntrustedPatchException {
        Map<String, List<CodeSigner>> entries = JarSignatures.read(shown, jar);
        if (entries.isEmpty()) {
            throw new UntrustedPatchException(shown, "is not signed: it has no entries");
        }
        List<String> unsigned = JarSignatures.unsigned(entries);
        if (unsigned.size() == entries.size()) {
            throw new UntrustedPatchException(shown, "is not signed (sign it with jarsigner, see docs/operations.md)");
        }
        if (!unsigned.isEmpty()) {
            throw new UntrustedPatchException(shown, "is only partly signed: " + unsigned.size() + " of "
                    + entries.size() + " entries are not covered by its signature, the first " + unsigned.get(0)
                    + " (added or changed after signing?)");
        }
        // The signers that sign every entry, by certificate, in the order the first entry lists them.
        Set<X509Certificate> common = null;
        for (List<CodeSigner> signers : entries.values()) {
            Set<X509Certificate> these = new LinkedHashSet<>();
            for (CodeSigner s : signers) {
                these.add(signerCertificate(s));
            }
            if (common == null) {
                common = these;
            } else {
                common.retainAll(these);
            }
        }
        if (common.isEmpty()) {
            throw new UntrustedPatchException(shown, "is only partly signed: no one signer signs every entry");
        }
        CodeSigner any = null;
        for (CodeSigner s : entries.values().iterator().next()) {
            if (common.contains(signerCertificate(s))) {
                if (isTrusted(s.getSignerCertPath())) {
                    return signer(signerCertificate(s));
                }
                any = any == null ? s : any;
            }
        }
        throw new UntrustedPatchException(shown, "is signed by " + signer(signerCertificate(any))
                + ", which the trust store " + file + " does not trust");
    }

    private static X509Certificate signerCertificate(CodeSigner signer) {
        // The JDK's jar verifier only yields X.509 signers, the signer's own certificate first.
        return (X509Certificate) signer.getSignerCertPath().getCertificates().get(0);
    }

    /** The signer's own certificate is in the store, or its chain validates up to one that is. */
    private boolean isTrusted(CertPath path) {
        List<? extends Certificate> chain = path.getCertificates();
        if (trusted.contains(chain.get(0))) {
            return true;
        }
        try {
            PKIXParameters parameters = new PKIXParameters(anchors);
            parameters.setRevocationEnabled(false);
            CertPathValidator.getInstance("PKIX").validate(path, parameters);
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static Signer signer(X509Certificate certificate) {
        String fingerprint;
        try {
            fingerprint = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(certificate.getEncoded()));
        } catch (CertificateEncodingException | java.security.NoSuchAlgorithmException e) {
            fingerprint = "?";
        }
        return new Signer(certificate.getSubjectX500Principal().getName(), fingerprint);
    }
}
