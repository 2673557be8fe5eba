package io.jlivepatch.core.reader;

import io.jlivepatch.core.model.InvalidPatchException;
import io.jlivepatch.core.model.Patch;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;

/**
 * Reads a patch jar into a {@link Patch}: the identity from the {@code Livepatch-} manifest
 * attributes, the objects and funcs from the {@code @TargetClass}/{@code @Replace} annotations of its
 * classes, each object's callbacks class (a {@code @TargetClass} class implementing
 * {@code ObjectCallbacks}), every class file of the jar, and the SHA-256 of the jar's bytes.
 *
 * <p>The target descriptor of each func is inferred from the replacement's: the same for a static
 * target ({@code @Replace(isStatic = true)}), otherwise without the first parameter, the receiver.
 * Classes are scanned in jar entry name order, so objects appear in the order their target is first
 * named and funcs in the order of their methods, whatever order the jar was zipped in. Class files
 * are parsed with ASM and never loaded.
 *
 * <p>Stateless and thread-safe.
 */
public final class PatchJarReader {

    /** Where a multi-release jar keeps its versioned classes: not patch classes. */
    private static final String VERSIONED = "META-INF/versions/";
    private static final String MODULE_INFO = "module-info.class";
    /** The largest patch jar file read: a patch is a few classes, kilobytes. */
    static final long MAX_JAR_BYTES = 64 << 20;
    /** The largest manifest read: a patch's has a handful of attributes. */
    static final int MAX_MANIFEST_BYTES = 1 << 20;

    private PatchJarReader() {}

    /**
     * Reads the patch jar file {@code jar}; messages name it by its path.
     *
     * @throws PatchFormatException if the file is missing or unreadable, or for anything
     *     {@link #read(String, byte[])} refuses
     */
    public static Patch read(Path jar) throws PatchFormatException {
        return read(jar.toString(), bytes(jar));
    }

    /**
     * The bytes of the patch jar file {@code jar}, read once, for a caller that checks them (a
     * signature) before {@link #read(String, byte[]) reading} the same bytes as a patch.
     *
     * @throws PatchFormatException if the file is missing, unreadable or a directory
     */
    public static byte[] bytes(Path jar) throws PatchFormatException {
        String shown = jar.toString();
        try {
            if (Files.exists(jar) && !Files.isDirectory(jar) && !Files.isRegularFile(jar)) {
                // A device or a pipe (/dev/zero) would be read forever.
                throw new PatchFormatException(shown, "is not a regular file", null);
            }
            if (Files.size(jar) > MAX_JAR_BYTES) {
                throw new PatchFormatException(shown, "is too large: " + Files.size(jar) + " bytes, more than "
                        + MAX_JAR_BYTES, null);
            }
            return Files.readAllBytes(jar);
        } catch (NoSuchFileException e) {
            throw new PatchFormatException(shown, "does not exist", e);
        } catch (AccessDeniedException e) {
            throw new PatchFormatException(shown, "cannot be read: permission denied", e);
        } catch (IOException e) {
            throw new PatchFormatException(shown, Files.isDirectory(jar) ? "is a directory, not a jar file"
                    : "cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a patch jar held in memory.
     *
     * @param displayName how messages name the jar (its path, or the name it was sent under)
     * @param jarBytes the jar file's bytes; {@link Patch#sha256()} is their hash
     * @throws PatchFormatException naming the jar if it is not a jar, is corrupt, has no manifest or
     *     no {@code Livepatch-Name}, a bad {@code Livepatch-Replace} or {@code Livepatch-States},
     *     a malformed class file (named), or a {@code @Replace} method that cannot be a func (named)
     */
    public static Patch read(String displayName, byte[] jarBytes) throws PatchFormatException {
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(jarBytes, "jarBytes");
        try {
            SortedMap<String, byte[]> entries = JarEntries.read(jarBytes);
            PatchManifest manifest = PatchManifest.parse(manifest(entries));
            Map<String, byte[]> classes = new LinkedHashMap<>();
            PatchObjects objects = new PatchObjects();
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                if (isPatchClass(entry.getKey())) {
                    ClassAnnotations patchClass = ClassAnnotations.scan(entry.getKey(), entry.getValue());
                    classes.put(patchClass.binaryName(), entry.getValue());
                    objects.add(patchClass);
                }
            }
            return new Patch(manifest.name(), manifest.replace(), manifest.states(), objects.objects(), classes,
                    sha256(jarBytes));
        } catch (JarProblem e) {
            throw new PatchFormatException(displayName, e.getMessage(), e.getCause());
        } catch (InvalidPatchException e) {
            // What the model itself refuses: the patch name, a state declared twice.
            throw new PatchFormatException(displayName, "is not a valid patch: " + e.getMessage(), e);
        }
    }

    private static byte[] manifest(SortedMap<String, byte[]> entries) throws JarProblem {
        byte[] manifest = findManifest(entries);
        if (manifest.length > MAX_MANIFEST_BYTES) {
            throw new JarProblem("is too large: its manifest has " + manifest.length + " bytes, more than "
                    + MAX_MANIFEST_BYTES);
        }
        return manifest;
    }

    private static byte[] findManifest(SortedMap<String, byte[]> entries) throws JarProblem {
        byte[] manifest = entries.get(PatchManifest.PATH);
        if (manifest == null) {
            // The jar tool finds the manifest whatever the case of its name; so do we.
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                if (entry.getKey().equalsIgnoreCase(PatchManifest.PATH)) {
                    return entry.getValue();
                }
            }
            throw new JarProblem("is not a patch: it has no manifest (" + PatchManifest.PATH + ")");
        }
        return manifest;
    }

    /** Every class file, except the module descriptor and multi-release variants (never patch code). */
    private static boolean isPatchClass(String entryName) {
        return entryName.endsWith(".class") && !entryName.equals(MODULE_INFO) && !entryName.startsWith(VERSIONED);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
