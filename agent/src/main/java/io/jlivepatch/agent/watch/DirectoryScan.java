package io.jlivepatch.agent.watch;

import io.jlivepatch.core.reader.PatchFormatException;
import io.jlivepatch.agent.trust.SafePaths;
import io.jlivepatch.core.reader.PatchJarReader;
import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Reads the watched directory: its {@code *.jar} files, each with its SHA-256 and patch name.
 * Symbolic links are followed (a ConfigMap volume is made of them); names starting with a dot
 * (kubelet's {@code ..data} and timestamped directories, editors' temporary files) and anything
 * that is not a regular file are left out, and so is a link that leads nowhere (a ConfigMap key
 * being removed).
 *
 * <p>Cheap when nothing changed: one directory listing and one {@code stat} per jar. A file is read
 * and hashed only when what it leads to changed since the last scan: its identity (device and
 * inode, which a ConfigMap update or an atomic {@code mv} changes), size or modification time.
 *
 * <p>Safe or nothing: the directory and every jar must be writable by no one but this process's
 * user and root ({@link SafePaths}, links resolved); one that is not fails the whole scan with an
 * {@link SafePaths.UnsafePathException}, so nothing is loaded and nothing disabled until it is fixed.
 *
 * <p>Kubernetes updates a ConfigMap volume by pointing the {@code ..data} link at a new directory
 * in one rename; a scan that saw {@code ..data} change while it ran is repeated, so one scan never
 * mixes two versions of the ConfigMap.
 *
 * <p>Thread-safety: not thread-safe; confined to one poll at a time (see {@link DirectoryWatch}).
 */
final class DirectoryScan {

    /** The link kubelet swaps to update a ConfigMap or Secret volume atomically. */
    static final String DATA_LINK = "..data";
    private static final int ATTEMPTS = 3;

    /** What a file leads to, as cheap to read as a {@code stat}. */
    private record Fingerprint(Object identity, long size, FileTime modified) {
    }

    private record Seen(Fingerprint fingerprint, JarContent content) {
    }

    private final Path directory;
    private final SafePaths safePaths;
    private final Map<String, Seen> seen = new HashMap<>();
    private long reads;

    DirectoryScan(Path directory) {
        this(directory, SafePaths.forThisProcess());
    }

    DirectoryScan(Path directory, SafePaths safePaths) {
        this.directory = directory;
        this.safePaths = safePaths;
    }

    /**
     * The jars of the directory by file name.
     *
     * @throws SafePaths.UnsafePathException if the directory or a jar is writable by others
     * @throws IOException if the directory cannot be listed, or its {@code ..data} link kept
     *     changing during {@value #ATTEMPTS} scans
     */
    SortedMap<String, JarContent> scan() throws IOException {
        for (int attempt = 1; ; attempt++) {
            Path before = dataLink();
            SortedMap<String, JarContent> jars = scanOnce();
            if (Objects.equals(before, dataLink())) {
                return jars;
            }
            if (attempt == ATTEMPTS) {
                throw new IOException(DATA_LINK + " kept changing during " + ATTEMPTS + " scans");
            }
        }
    }

    /** How many files the scans read and hashed so far (the rest were unchanged). */
    long reads() {
        return reads;
    }

    private SortedMap<String, JarContent> scanOnce() throws IOException {
        SortedMap<String, JarContent> jars = new TreeMap<>();
        Set<String> present = new HashSet<>();
        SafePaths.Check safe = safePaths.check();
        safe.directory(directory);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*.jar")) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.startsWith(".")) {
                    continue;
                }
                BasicFileAttributes attributes;
                try {
                    attributes = Files.readAttributes(file, BasicFileAttributes.class);
                } catch (IOException e) {
                    continue; // a dangling link, or gone since the listing: not there
                }
                if (!attributes.isRegularFile()) {
                    continue;
                }
                try {
                    safe.jar(file);
                } catch (SafePaths.UnsafePathException e) {
                    throw e;
                } catch (IOException e) {
                    continue; // gone since the stat: not there
                }
                Fingerprint fingerprint = fingerprint(file, attributes);
                Seen before = seen.get(name);
                JarContent content;
                if (before != null && before.fingerprint().equals(fingerprint)) {
                    content = before.content();
                } else {
                    // Read after the stat: a change made meanwhile shows in the next scan's stat.
                    content = read(file);
                    if (content == null) {
                        continue;
                    }
                    if (!content.sha256().equals(JarContent.UNREADABLE)) {
                        seen.put(name, new Seen(fingerprint, content));
                    }
                }
                present.add(name);
                jars.put(name, content);
            }
        } catch (DirectoryIteratorException e) {
            throw e.getCause();
        }
        seen.keySet().retainAll(present);
        return jars;
    }

    private static Fingerprint fingerprint(Path file, BasicFileAttributes attributes) throws IOException {
        Object identity = attributes.fileKey();
        if (identity == null) {
            // No inode on this file system: where the link leads stands in for it.
            identity = file.toRealPath().toString();
        }
        return new Fingerprint(identity, attributes.size(), attributes.lastModifiedTime());
    }

    /** The file's content, {@code null} if it is gone, {@link JarContent#UNREADABLE} if it cannot be read. */
    private JarContent read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            // Not cached, so it is read again next scan; the load that fails says why, once.
            return new JarContent(JarContent.UNREADABLE, null);
        }
        reads++;
        return new JarContent(sha256(bytes), patchName(file, bytes));
    }

    /** The patch name, or {@code null} if the jar is not a readable patch (its load will say why, audited). */
    private static String patchName(Path file, byte[] bytes) {
        try {
            return PatchJarReader.read(file.toString(), bytes).name();
        } catch (PatchFormatException | RuntimeException e) {
            return null;
        }
    }

    private Path dataLink() {
        Path link = directory.resolve(DATA_LINK);
        if (!Files.isSymbolicLink(link)) {
            return null;
        }
        try {
            return Files.readSymbolicLink(link);
        } catch (IOException e) {
            return null; // removed since: compares like a directory without one
        }
    }

    static String sha256(byte[] bytes) {
        try {
            // As PatchJarReader hashes, so the engine's SHA-256 of a loaded jar compares equal.
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
