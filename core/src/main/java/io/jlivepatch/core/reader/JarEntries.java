package io.jlivepatch.core.reader;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Unpacks a jar held in memory into its file entries, sorted by name.
 *
 * <p>{@link java.util.zip.ZipFile} needs a file, and a patch may arrive as bytes (sent over the
 * control channel), so this reads the local entries with {@link ZipInputStream}. That stream alone
 * cannot tell a truncated jar from a complete one, nor anything from a non-zip, so the end of central
 * directory record is checked as well: the same jar is then accepted here exactly when the
 * {@code jar} tool would accept it, in all the ways that matter for a patch.
 *
 * <p>Bounded, for hostile input: at most {@value #MAX_ENTRIES} entries, {@value #MAX_ENTRY_BYTES}
 * bytes in one entry and {@value #MAX_TOTAL_BYTES} in all, counted while inflating, so a zip bomb
 * is refused after inflating at most that much (a patch is a few classes: kilobytes).
 *
 * <p>Stateless and thread-safe.
 */
final class JarEntries {

    /** The most entries a patch jar may have. */
    static final int MAX_ENTRIES = 10_000;
    /** The most bytes one entry may inflate to. */
    static final int MAX_ENTRY_BYTES = 16 << 20;
    /** The most bytes all entries together may inflate to. */
    static final long MAX_TOTAL_BYTES = 64 << 20;

    private static final int LOCAL_HEADER = 0x04034b50;
    private static final int END_OF_CENTRAL_DIRECTORY = 0x06054b50;
    private static final int END_RECORD_SIZE = 22;
    private static final int MAX_COMMENT = 0xFFFF;
    /** What a ZIP64 archive stores in the 16-bit entry count; the real count is elsewhere. */
    private static final int ZIP64_COUNT = 0xFFFF;

    private JarEntries() {}

    /**
     * Returns the file entries of {@code jar} (directories left out) by name, in name order.
     *
     * @throws JarProblem if it is not a zip, or is truncated or otherwise corrupt
     */
    static SortedMap<String, byte[]> read(byte[] jar) throws JarProblem {
        // An empty archive starts with its end record; anything else must start with an entry.
        if (jar.length < 4 || (int32(jar, 0) != LOCAL_HEADER && int32(jar, 0) != END_OF_CENTRAL_DIRECTORY)) {
            throw new JarProblem("is not a jar file");
        }
        int declared = declaredEntryCount(jar);
        SortedMap<String, byte[]> entries = new TreeMap<>();
        int found = 0;
        long total = 0;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(jar))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                found++;
                if (found > MAX_ENTRIES) {
                    throw new JarProblem("is too large: more than " + MAX_ENTRIES + " entries");
                }
                // Reading to the end of the entry is also what makes ZipInputStream check its CRC.
                byte[] data = readEntry(in, entry.getName());
                total += data.length;
                if (total > MAX_TOTAL_BYTES) {
                    throw new JarProblem("is too large: its entries inflate to more than " + MAX_TOTAL_BYTES
                            + " bytes");
                }
                if (!entry.isDirectory() && entries.put(entry.getName(), data) != null) {
                    throw corrupt("it has two entries named " + entry.getName(), null);
                }
            }
        } catch (EOFException e) {
            throw corrupt("it is truncated", e);
        } catch (IOException | IllegalArgumentException e) {
            // ZipException (bad CRC, bad header) and IllegalArgumentException (a name that is not
            // valid UTF-8) mean the bytes are not the jar they claim to be.
            throw corrupt(e.getMessage() == null ? e.toString() : e.getMessage(), e);
        }
        if (declared != ZIP64_COUNT && declared != found) {
            throw corrupt("its central directory lists " + declared + " entries, but " + found + " were found", null);
        }
        return Collections.unmodifiableSortedMap(entries);
    }

    /** The rest of the current entry, refused once it passes {@link #MAX_ENTRY_BYTES}. */
    private static byte[] readEntry(ZipInputStream in, String name) throws IOException, JarProblem {
        byte[] data = in.readNBytes(MAX_ENTRY_BYTES);
        if (data.length == MAX_ENTRY_BYTES && in.read() >= 0) {
            throw new JarProblem("is too large: entry " + name + " inflates to more than " + MAX_ENTRY_BYTES
                    + " bytes");
        }
        return data;
    }

    /**
     * Finds the end of central directory record (the last thing in a zip, followed only by its
     * comment) and returns the number of entries it declares.
     */
    private static int declaredEntryCount(byte[] jar) throws JarProblem {
        int lowest = Math.max(0, jar.length - END_RECORD_SIZE - MAX_COMMENT);
        for (int at = jar.length - END_RECORD_SIZE; at >= lowest; at--) {
            // The comment length must reach exactly to the end, or the signature is only comment text.
            if (int32(jar, at) == END_OF_CENTRAL_DIRECTORY
                    && at + END_RECORD_SIZE + int16(jar, at + 20) == jar.length) {
                return int16(jar, at + 10);
            }
        }
        throw corrupt("it is truncated (no end of central directory record)", null);
    }

    private static JarProblem corrupt(String detail, Throwable cause) {
        return new JarProblem("is a corrupt jar file: " + detail, cause);
    }

    private static int int16(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
    }

    private static int int32(byte[] b, int at) {
        return int16(b, at) | int16(b, at + 2) << 16;
    }
}
