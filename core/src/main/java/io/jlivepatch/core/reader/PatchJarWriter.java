package io.jlivepatch.core.reader;

import io.jlivepatch.core.model.Patch;
import io.jlivepatch.core.model.SystemState;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a patch jar that {@link PatchJarReader} reads back: the manifest with the
 * {@code Livepatch-} attributes, then the class files. Used by tests, {@code jlivepatch build} and
 * the samples.
 *
 * <p>The output is reproducible: the same inputs give the same bytes, so the same SHA-256, on any
 * machine, in any time zone. Hence entries in a fixed order (manifest first, then classes by entry
 * name), one fixed timestamp, no directory entries, and no compression (deflate output depends on
 * the zlib the JDK was built with, such as zlib-ng; patch classes are small).
 *
 * <p>Stateless and thread-safe.
 */
public final class PatchJarWriter {

    /** The timestamp of every entry, the same as the build's {@code project.build.outputTimestamp}. */
    static final Instant TIMESTAMP = Instant.parse("2026-01-01T00:00:00Z");

    private PatchJarWriter() {}

    /**
     * Writes the patch jar to {@code jar}, replacing any file there. The jar is assembled in memory
     * first, so invalid inputs leave no file behind.
     *
     * @throws IOException if the file cannot be written
     * @throws io.jlivepatch.core.model.InvalidPatchException if the name is not a valid patch name
     *     or a state id appears twice
     * @throws IllegalArgumentException if a key of {@code classes} is not a binary class name
     * @see #toBytes(String, boolean, List, Map)
     */
    public static void write(Path jar, String name, boolean replace, List<SystemState> states,
                             Map<String, byte[]> classes) throws IOException {
        byte[] bytes = toBytes(name, replace, states, classes);
        Files.write(jar, bytes);
    }

    /**
     * The bytes of a patch jar.
     *
     * @param name the patch name ({@code Livepatch-Name})
     * @param replace whether it is an atomic replace ({@code Livepatch-Replace})
     * @param states its system states, written in this order ({@code Livepatch-States}, left out when empty)
     * @param classes class files by binary name ({@code a.b.C}), stored as {@code a/b/C.class}
     * @throws io.jlivepatch.core.model.InvalidPatchException if the name is not a valid patch name
     *     or a state id appears twice
     * @throws IllegalArgumentException if a key of {@code classes} is not a binary class name
     */
    public static byte[] toBytes(String name, boolean replace, List<SystemState> states,
                                 Map<String, byte[]> classes) {
        // The model checks the name and states, so nothing reaches a manifest that the reader refuses
        // (a line break in a name would even corrupt the manifest's syntax).
        new Patch(name, replace, states, List.of(), Map.of(), "");
        Map<String, byte[]> byEntry = new TreeMap<>();
        classes.forEach((binaryName, bytes) -> byEntry.put(entryName(binaryName), Objects.requireNonNull(bytes, binaryName)));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            // Manifest first: JarInputStream and other streaming readers find it only there.
            put(zip, PatchManifest.PATH, new PatchManifest(name, replace, states).toBytes());
            for (Map.Entry<String, byte[]> entry : byEntry.entrySet()) {
                put(zip, entry.getKey(), entry.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot happen: writing to memory", e);
        }
        return out.toByteArray();
    }

    private static String entryName(String binaryName) {
        if (binaryName == null || binaryName.isEmpty() || binaryName.startsWith(".") || binaryName.endsWith(".")
                || binaryName.contains("..") || binaryName.contains("/")) {
            throw new IllegalArgumentException("not a binary class name: '" + binaryName + "'");
        }
        return binaryName.replace('.', '/') + ".class";
    }

    private static void put(ZipOutputStream zip, String name, byte[] data) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        // Stored entries need their size and CRC before the data.
        CRC32 crc = new CRC32();
        crc.update(data);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(data.length);
        entry.setCompressedSize(data.length);
        entry.setCrc(crc.getValue());
        stamp(entry);
        zip.putNextEntry(entry);
        zip.write(data);
        zip.closeEntry();
    }

    /**
     * Sets both timestamps an entry carries, neither depending on the default time zone.
     *
     * <p>The MS-DOS date and time fields hold local time; {@code setTime}/{@code setLastModifiedTime}
     * would convert the instant with the default time zone, so it is set in local form directly:
     * 2026-01-01 00:00:00 whatever the zone. The extended timestamp field (info-zip "UT", 0x5455)
     * holds the instant in UTC; {@code setTimeLocal} clears it and {@code setLastModifiedTime} would
     * redo the zone-dependent DOS conversion, so it is given as extra field data, which the JDK
     * parses into the last-modified time without touching the DOS fields.
     */
    private static void stamp(ZipEntry entry) {
        entry.setTimeLocal(LocalDateTime.ofInstant(TIMESTAMP, ZoneOffset.UTC));
        long seconds = TIMESTAMP.getEpochSecond();
        entry.setExtra(new byte[] {
            0x55, 0x54,             // header id 0x5455, little-endian
            5, 0,                   // data size: flags + one 4-byte time
            1,                      // flags: last-modified time present
            (byte) seconds, (byte) (seconds >>> 8), (byte) (seconds >>> 16), (byte) (seconds >>> 24),
        });
    }
}
