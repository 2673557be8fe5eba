package io.jlivepatch.agent.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Makes a file of ours readable by a target JVM that cannot see or read it where it is: a JVM in
 * another mount namespace (a container: its own root and often a private {@code /tmp}), or one that
 * runs as another user (a service user, while the operator's patch sits in a directory only root
 * reads). The target opens the agent jar and the patch jar itself, with its own credentials and in
 * its own file system, so a path that works for the CLI may not exist, or not be readable, there.
 *
 * <p>The hand-over, only when needed: copy the file through {@code /proc/<pid>/root} (the target's
 * root directory, as the kernel resolves it) into a private directory {@code jlivepatch-<uid>} (mode
 * 0700) in the target's temporary directory, owned by the target's uid and gid, hash it before and
 * read it back after (SHA-256), and give the target the path as it sees it. {@link #close} removes
 * what this hand-over created. A JVM keeps the jars it loaded open, so removing them after the
 * command takes nothing from it.
 *
 * <p>Nothing is followed through a symbolic link on the target's side: it could point into the
 * CLI's own file system (the kernel resolves an absolute link under {@code /proc/<pid>/root}
 * against the caller's root), so the temporary directory's path must be free of links, the private
 * directory must be a real directory of the target's uid with no access for others, and files are
 * created exclusively.
 *
 * <p>Not thread-safe: one per {@link Session}.
 */
final class Handover implements AutoCloseable {

    private final Target target;
    private final TargetCredentials credentials;
    private final Supplier<String> tmpDir;
    private final Path root;
    /** Local absolute path to the path as the target sees it, for files handed over. */
    private final Map<Path, String> handed = new LinkedHashMap<>();
    private final Map<Path, String> reasons = new LinkedHashMap<>();
    private final List<Path> created = new ArrayList<>();
    private Path usedDirectory;
    private String targetDirectory;

    /**
     * @param target the target
     * @param credentials its credentials, or {@code null} if unknown (then nothing is handed over)
     * @param tmpDir the target's {@code java.io.tmpdir}, asked only when a file must be handed over
     */
    Handover(Target target, TargetCredentials credentials, Supplier<String> tmpDir) {
        this.target = target;
        this.credentials = credentials;
        this.tmpDir = tmpDir;
        this.root = Path.of("/proc", Long.toString(target.pid()), "root");
    }

    /**
     * The path under which the target can read {@code local}: {@code local} itself if the target
     * sees the same file there and may read it, else the path of a verified copy handed over.
     *
     * @param local an absolute path of a regular file this CLI can read
     * @param expectedSha256 the file's SHA-256 as the CLI read it before (hex), or {@code null}
     * @throws Failure if the file must be handed over and cannot be, naming the file and why
     */
    String visiblePath(Path local, String expectedSha256) throws Failure {
        Path file = local.toAbsolutePath().normalize();
        String done = handed.get(file);
        if (done != null) {
            return done;
        }
        String reason = reason(file);
        if (reason == null) {
            return file.toString();
        }
        String path = copy(file, expectedSha256);
        handed.put(file, path);
        reasons.put(file, reason);
        return path;
    }

    /** Why the target cannot use {@code file} where it is, or {@code null} if it can (or we cannot tell). */
    private String reason(Path file) {
        if (credentials == null || !Files.isDirectory(root)) {
            return null;
        }
        Path view = root.resolve(relative(file.toString()));
        try {
            if (!Files.isSameFile(file, view)) {
                return "another file at that path in its file system";
            }
        } catch (NoSuchFileException e) {
            return "not in its file system";
        } catch (IOException | SecurityException e) {
            // /proc/<pid>/root is not ours to look into: leave it to the target, which says what it sees.
            return null;
        }
        try {
            if (!credentials.mayRead(file.toRealPath())) {
                return "not readable by uid " + credentials.uid();
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    private String copy(Path file, String expectedSha256) throws Failure {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw Failure.refused("cannot read " + file + " to hand it over to " + target + ": " + e);
        }
        String before = sha256(bytes);
        if (expectedSha256 != null && !expectedSha256.equals(before)) {
            throw Failure.refused(file + " changed while the command ran (SHA-256 " + expectedSha256 + " then, " + before
                    + " now); nothing was loaded: run the command again");
        }
        String directory = directory();
        String name = stem(file.getFileName().toString()) + "-" + before.substring(0, 12) + ".jar";
        Path copy = root.resolve(relative(directory)).resolve(name);
        try {
            Files.deleteIfExists(copy);
            // CREATE_NEW is O_EXCL: it never follows a link planted under the name.
            try (SeekableByteChannel out = Files.newByteChannel(copy,
                    Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("r--------")))) {
                created.add(copy);
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
            }
            giveToTarget(copy);
            String after = sha256(Files.readAllBytes(copy));
            if (!after.equals(before)) {
                throw Failure.refused("the copy of " + file + " handed over to " + target + " reads back with SHA-256 "
                        + after + ", not " + before + "; nothing was loaded");
            }
        } catch (IOException e) {
            throw Failure.refused("cannot hand " + file + " over to " + target + " (into its " + directory + "): " + e
                    + "; copy it to a path the process can read and name that");
        }
        return directory + "/" + name;
    }

    /** The private directory in the target's temporary directory (as the target sees it), created once. */
    private String directory() throws Failure {
        if (targetDirectory != null) {
            return targetDirectory;
        }
        String tmp = tmpDir.get();
        if (tmp == null || !tmp.startsWith("/")) {
            tmp = "/tmp";
        }
        tmp = Path.of(tmp).normalize().toString();
        String directory = (tmp.equals("/") ? "" : tmp) + "/jlivepatch-" + credentials.uid();
        Path host = root.resolve(relative(directory));
        try {
            for (Path p = root.resolve(relative(tmp)); !p.equals(root); p = p.getParent()) {
                if (Files.isSymbolicLink(p)) {
                    throw Failure.refused("cannot hand files over to " + target + ": " + tmp + " in its file system"
                            + " goes through a symbolic link, which is not followed; copy the jars into its file"
                            + " system yourself");
                }
            }
            try {
                Files.createDirectory(host,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                giveToTarget(host);
            } catch (FileAlreadyExistsException e) {
                Map<String, Object> a = Files.readAttributes(host, "unix:uid,mode", LinkOption.NOFOLLOW_LINKS);
                boolean directoryOfTarget = Files.isDirectory(host, LinkOption.NOFOLLOW_LINKS)
                        && (Integer) a.get("uid") == credentials.uid() && ((Integer) a.get("mode") & 077) == 0;
                if (!directoryOfTarget) {
                    throw Failure.refused("cannot hand files over to " + target + ": " + directory + " in its file"
                            + " system exists but is not a private directory of uid " + credentials.uid()
                            + " (mode 0700); remove it");
                }
            }
        } catch (IOException e) {
            throw Failure.refused("cannot hand files over to " + target + " (into its " + directory + "): " + e
                    + "; copy the jars to a path the process can read and name that");
        }
        targetDirectory = directory;
        usedDirectory = host;
        return directory;
    }

    /** Makes the target's uid and gid own {@code path} (only root may, and only root needs to). */
    private void giveToTarget(Path path) throws IOException {
        Map<String, Object> a = Files.readAttributes(path, "unix:uid,gid", LinkOption.NOFOLLOW_LINKS);
        if ((Integer) a.get("uid") != credentials.uid()) {
            Files.setAttribute(path, "unix:uid", credentials.uid(), LinkOption.NOFOLLOW_LINKS);
        }
        if ((Integer) a.get("gid") != credentials.gid()) {
            Files.setAttribute(path, "unix:gid", credentials.gid(), LinkOption.NOFOLLOW_LINKS);
        }
    }

    /**
     * What was handed over, for the one line the CLI prints, or {@code null} if nothing was. Call
     * after {@link #close}.
     */
    String describe() {
        if (handed.isEmpty()) {
            return null;
        }
        StringBuilder text = new StringBuilder("jlivepatch: handed over to ").append(target).append(": ");
        int i = 0;
        for (Map.Entry<Path, String> e : reasons.entrySet()) {
            text.append(i++ == 0 ? "" : ", ").append(e.getKey()).append(" (").append(e.getValue()).append(')');
        }
        text.append(" -> ").append(targetDirectory).append(" through /proc/").append(target.pid())
                .append("/root, owned by uid ").append(credentials.uid()).append(" gid ").append(credentials.gid())
                .append(", SHA-256 verified; ").append(created.isEmpty() ? "nothing left" : "removed after the command");
        return text.toString();
    }

    /** Removes the copies, and the private directory if it is empty (no other command is using it). */
    @Override
    public void close() {
        for (Path p : created) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                // the target's file system went away with the target; nothing to clean
            }
        }
        if (usedDirectory != null) {
            try {
                Files.deleteIfExists(usedDirectory);
            } catch (DirectoryNotEmptyException e) {
                // another command is handing files over at the same time; the last one out removes it
            } catch (IOException e) {
                // as above
            }
        }
    }

    private static String relative(String absolute) {
        return absolute.startsWith("/") ? absolute.substring(1) : absolute;
    }

    private static String stem(String name) {
        return name.endsWith(".jar") ? name.substring(0, name.length() - 4) : name;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
