package io.jlivepatch.agent.trust;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.CodeSigner;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;

/**
 * Which entries of a jar held in memory are signed, and by whom, as the JDK's own jar verification
 * ({@link JarInputStream} with verification on, the verifier behind {@link JarFile}) sees them.
 *
 * <p>The bytes verified are the very bytes the patch reader then reads, through the same local
 * entry stream ({@link java.util.zip.ZipInputStream}), so no entry can be read as a patch class
 * without having been seen here: a file swapped between two reads, or a zip whose central
 * directory tells another story than its entries, cannot slip code past the check.
 *
 * <p>The JDK verifies only when the manifest comes first and the signature files right after it,
 * as {@code jarsigner} writes them; in any other layout the entries come out unsigned, so the jar
 * is refused (fail closed). An entry whose bytes do not match the digest the signature covers
 * makes the JDK throw {@link SecurityException}, reported as an altered jar.
 *
 * <p>Stateless and thread-safe.
 */
final class JarSignatures {

    /** The signature-related files under {@code META-INF/}: never signed themselves, never patch code. */
    private static final List<String> SIGNATURE_SUFFIXES = List.of(".SF", ".RSA", ".DSA", ".EC");

    private JarSignatures() {}

    /**
     * The signers of each file entry of {@code jar}, by entry name, in jar order; an unsigned entry
     * maps to an empty list. Directories and signature files are left out.
     *
     * @throws UntrustedPatchException if an entry was altered after signing, the jar is corrupt,
     *     or it holds a second manifest
     */
    static Map<String, List<CodeSigner>> read(String shown, byte[] jar) throws UntrustedPatchException {
        Map<String, List<CodeSigner>> signers = new LinkedHashMap<>();
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar), true)) {
            if (in.getManifest() == null) {
                throw new UntrustedPatchException(shown, "is not signed: it has no manifest as its first entry");
            }
            for (JarEntry entry = in.getNextJarEntry(); entry != null; entry = in.getNextJarEntry()) {
                // The verifier checks an entry's digest when its last byte has been read.
                drain(in);
                String name = entry.getName();
                if (entry.isDirectory() || isSignatureFile(name)) {
                    continue;
                }
                if (name.equalsIgnoreCase(JarFile.MANIFEST_NAME)) {
                    // The verified manifest was the first entry; the patch reader could pick this one.
                    throw new UntrustedPatchException(shown, "holds a second manifest entry, " + name);
                }
                CodeSigner[] codeSigners = entry.getCodeSigners();
                signers.put(name, codeSigners == null ? List.of() : List.of(codeSigners));
            }
        } catch (SecurityException e) {
            throw new UntrustedPatchException(shown, "was altered after it was signed: " + e.getMessage(), e);
        } catch (IOException | IllegalArgumentException e) {
            // ZipException and friends; IllegalArgumentException: an entry name that is not UTF-8.
            throw new UntrustedPatchException(shown, "cannot be verified, it is a corrupt jar file: " + e.getMessage(),
                    e);
        }
        return Collections.unmodifiableMap(signers);
    }

    private static void drain(InputStream in) throws IOException {
        byte[] buffer = new byte[8192];
        while (in.read(buffer) >= 0) {
            // only reading matters: the verifier sees every byte
        }
    }

    /** As the JDK decides it: a file directly under {@code META-INF/} named *.SF, *.RSA, *.DSA, *.EC or SIG-*. */
    static boolean isSignatureFile(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        if (!upper.startsWith("META-INF/") || upper.indexOf('/', "META-INF/".length()) >= 0) {
            return false;
        }
        String file = upper.substring("META-INF/".length());
        if (file.startsWith("SIG-")) {
            return true;
        }
        for (String suffix : SIGNATURE_SUFFIXES) {
            if (file.endsWith(suffix)) {
                return true;
            }
        }
        return false;
    }

    /** Names of the entries in {@code signers} that no signer covers, in jar order. */
    static List<String> unsigned(Map<String, List<CodeSigner>> signers) {
        List<String> names = new ArrayList<>();
        signers.forEach((name, list) -> {
            if (list.isEmpty()) {
                names.add(name);
            }
        });
        return names;
    }
}
