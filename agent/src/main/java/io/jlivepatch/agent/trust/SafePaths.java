package io.jlivepatch.agent.trust;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * OpenSSH's {@code StrictModes} for the patch directories: the startup or watched directory and the
 * jars in it must not be writable by anyone but the JVM's user and root. Symbolic links are resolved
 * and what they lead to is checked, so a Kubernetes ConfigMap volume (files that are links into
 * {@code ..data}, itself a link to a timestamped directory) is judged by its real files.
 *
 * <p>A path is safe when it, and every directory above it, is owned by the JVM's user or root and is
 * writable by neither its group nor others, on a file system mounted read-write. Two exceptions,
 * both of which leave nobody else able to change it: a read-only file system (ConfigMap and Secret
 * volumes are mounted read-only, with mode bits that look writable), and, for the directories
 * <em>above</em> the patch directory, the sticky bit ({@code /tmp}: others may create files there,
 * but not rename or delete ours). On a file system without POSIX attributes nothing is checked.
 *
 * <p>Each check names the path, the rule it breaks and the fix ({@code chmod go-w /patches}).
 *
 * <p>Thread-safety: immutable; each {@link Check} is confined to one scan.
 */
public final class SafePaths {

    private static final int GROUP_WRITE = 0020;
    private static final int OTHERS_WRITE = 0002;
    private static final int STICKY = 01000;

    /** The JVM's user, {@code -1} when the file system cannot say (then only root and the name are compared). */
    private final int uid;

    SafePaths(int uid) {
        this.uid = uid;
    }

    /** The rules for this JVM's user. */
    public static SafePaths forThisProcess() {
        int uid;
        try {
            // Linux: /proc/self belongs to the process's effective user.
            uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | RuntimeException e) {
            uid = -1;
        }
        return new SafePaths(uid);
    }

    /** A path that breaks the rules. The message names it and gives the fix. */
    public static final class UnsafePathException extends IOException {
        private static final long serialVersionUID = 1L;

        UnsafePathException(String message) {
            super(message);
        }
    }

    /** Starts the checks of one scan: directories already found safe are not checked again. */
    public Check check() {
        return new Check();
    }

    /**
     * The checks of one scan of one directory.
     *
     * <p>Thread-safety: not thread-safe; confined to the scan.
     */
    public final class Check {
        private final Set<Path> safeDirectories = new HashSet<>();

        private Check() {}

        /**
         * Checks the patch directory (after resolving links) and every directory above it.
         *
         * @throws UnsafePathException if one is writable by others, naming it and the fix
         * @throws IOException if it cannot be read
         */
        public void directory(Path directory) throws IOException {
            Path real = directory.toRealPath();
            ownedAndNotWritable(real, describe(real, directory), false);
            ancestors(real.getParent());
        }

        /**
         * Checks a jar of the directory: the file it leads to, and the directories above that file
         * up to the first one already checked.
         *
         * @throws UnsafePathException naming the jar, the real file and the fix
         * @throws IOException if it cannot be read (gone, a dangling link)
         */
        public void jar(Path jar) throws IOException {
            Path real = jar.toRealPath();
            ownedAndNotWritable(real, describe(real, jar), false);
            Path parent = real.getParent();
            if (parent != null && !safeDirectories.contains(parent)) {
                // A jar that leads out of the directory (a ConfigMap's ..data/<file>) is judged by where it lives.
                ownedAndNotWritable(parent, parent + ", the directory of " + describe(real, jar), false);
                ancestors(parent.getParent());
            }
        }

        private void ancestors(Path from) throws IOException {
            for (Path dir = from; dir != null; dir = dir.getParent()) {
                if (!safeDirectories.add(dir)) {
                    return; // this one and those above were checked in this scan
                }
                ownedAndNotWritable(dir, dir.toString(), true);
            }
        }

        private void ownedAndNotWritable(Path real, String what, boolean above) throws IOException {
            int mode;
            int owner;
            try {
                Map<String, Object> attributes = Files.readAttributes(real, "unix:mode,uid"); // one stat
                mode = (Integer) attributes.get("mode");
                owner = (Integer) attributes.get("uid");
            } catch (UnsupportedOperationException | IllegalArgumentException e) {
                return; // no POSIX attributes here (not Linux/macOS): nothing to check
            }
            if (owner != 0 && uid >= 0 && owner != uid) {
                throw new UnsafePathException(what + " is owned by uid " + owner + ", neither this process's user"
                        + " (uid " + uid + ") nor root, so that user can change the patches: chown it to one of them");
            }
            int writable = mode & (GROUP_WRITE | OTHERS_WRITE);
            if (writable == 0 || (above && (mode & STICKY) != 0) || Files.getFileStore(real).isReadOnly()) {
                if (Files.isDirectory(real)) {
                    safeDirectories.add(real);
                }
                return;
            }
            String who = writable == (GROUP_WRITE | OTHERS_WRITE) ? "its group and others"
                    : writable == GROUP_WRITE ? "its group" : "others";
            throw new UnsafePathException(what + " is writable by " + who + " (mode "
                    + String.format("%04o", mode & 07777) + "), so they could change the patches: run chmod go-w "
                    + real);
        }

        private String describe(Path real, Path shown) {
            return real.equals(shown) ? real.toString() : shown + " (leading to " + real + ")";
        }
    }
}
