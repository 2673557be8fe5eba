package io.jlivepatch.agent.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who a target process is, as {@code /proc/<pid>/status} says: its effective uid and gid, its
 * supplementary groups (all as this CLI's user namespace sees them), and its pid inside its own pid
 * namespace ({@code NSpid}: a JVM in a container is pid 7 to itself and pid 4242 to the host; the
 * JDK's attach socket is named after the inner one).
 *
 * <p>Used to decide whether the target can read a file we name to it (the JVM opens the agent jar
 * and the patch jar itself, with its own credentials), and to give a handed-over file to the
 * target's user.
 *
 * <p>Immutable and thread-safe.
 *
 * @param uid the effective uid
 * @param gid the effective gid
 * @param groups the supplementary groups
 * @param nsPid the pid in the process's innermost pid namespace (the same as the pid outside one)
 */
record TargetCredentials(int uid, int gid, Set<Integer> groups, long nsPid) {

    /**
     * Reads {@code /proc/<pid>/status}.
     *
     * @return the credentials, or {@code null} if they cannot be read (no {@code /proc}, the process exited)
     */
    static TargetCredentials of(long pid) {
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"));
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return parse(pid, lines);
    }

    /** Parses the lines of a {@code /proc/<pid>/status}; {@code null} without Uid and Gid lines. */
    static TargetCredentials parse(long pid, List<String> status) {
        int uid = -1;
        int gid = -1;
        long nsPid = pid;
        Set<Integer> groups = new HashSet<>();
        for (String line : status) {
            String[] f = line.split("\\s+");
            switch (f[0]) {
                // "Uid:\treal\teffective\tsaved\tfs": the kernel checks file access with the fs uid,
                // which follows the effective one for a JVM (it never calls setfsuid).
                case "Uid:" -> uid = f.length > 2 ? Integer.parseInt(f[2]) : -1;
                case "Gid:" -> gid = f.length > 2 ? Integer.parseInt(f[2]) : -1;
                case "Groups:" -> {
                    for (int i = 1; i < f.length; i++) {
                        groups.add(Integer.parseInt(f[i]));
                    }
                }
                // "NSpid:\touter\t...\tinner": the last is the pid in the process's own namespace.
                case "NSpid:" -> nsPid = f.length > 1 ? Long.parseLong(f[f.length - 1]) : pid;
                default -> {
                    // other fields are of no interest here
                }
            }
        }
        return uid < 0 || gid < 0 ? null : new TargetCredentials(uid, gid, Set.copyOf(groups), nsPid);
    }

    /** Whether the process runs in a pid namespace of its own (its inner pid differs). */
    boolean inPidNamespace(long pid) {
        return nsPid != pid;
    }

    /**
     * Whether these credentials may read {@code file} by its mode bits: search permission on every
     * ancestor directory, read permission on the file. Root may read anything. Access control lists
     * and security modules are not consulted: where they deny more than the mode bits, the target
     * reports it itself ("cannot be read"), as before.
     *
     * @param file a real path (no symbolic links) in this process's view
     */
    boolean mayRead(Path file) {
        if (uid == 0) {
            return true;
        }
        try {
            if (!allows(file, 4)) {
                return false;
            }
            for (Path dir = file.getParent(); dir != null; dir = dir.getParent()) {
                if (!allows(dir, 1)) {
                    return false;
                }
            }
            return true;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * The kernel's rule for {@code bit} (4 read, 1 search): the owner's bits if the uid owns the
     * file, else the group's if one of the groups does, else the others'.
     */
    private boolean allows(Path path, int bit) throws IOException {
        Map<String, Object> a = Files.readAttributes(path, "unix:uid,gid,mode", LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) a.get("mode");
        int fileGid = (Integer) a.get("gid");
        if ((Integer) a.get("uid") == uid) {
            return (mode & (bit << 6)) != 0;
        }
        if (fileGid == gid || groups.contains(fileGid)) {
            return (mode & (bit << 3)) != 0;
        }
        return (mode & bit) != 0;
    }
}
