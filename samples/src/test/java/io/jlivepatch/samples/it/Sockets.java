package io.jlivepatch.samples.it;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The TCP sockets a process listens on, from Linux's {@code /proc}: the entries of
 * {@code /proc/<pid>/net/tcp} and {@code tcp6} in state {@code 0A} (LISTEN) whose inode is one of
 * the process's file descriptors ({@code /proc/<pid>/fd/* -> socket:[inode]}); the network
 * namespace's tables list every process's sockets, so the inode filter is what makes them the
 * process's own.
 */
final class Sockets {

    private Sockets() {}

    static boolean available(long pid) {
        return Files.isReadable(Path.of("/proc/" + pid + "/net/tcp"));
    }

    /** {@code local-address inode} of each listening TCP socket of {@code pid}. */
    static Set<String> listening(long pid) throws IOException {
        Set<String> inodes = new HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/" + pid + "/fd"))) {
            for (Path fd : fds) {
                try {
                    String link = Files.readSymbolicLink(fd).toString();
                    if (link.startsWith("socket:[")) {
                        inodes.add(link.substring("socket:[".length(), link.length() - 1));
                    }
                } catch (IOException closedMeanwhile) {
                    // the descriptor went away while we looked
                }
            }
        }
        Set<String> result = new TreeSet<>();
        for (String table : List.of("tcp", "tcp6")) {
            Path file = Path.of("/proc/" + pid + "/net/" + table);
            if (!Files.exists(file)) {
                continue;
            }
            for (String line : Files.readAllLines(file)) {
                String[] f = line.trim().split("\\s+");
                // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
                if (f.length > 9 && f[3].equals("0A") && inodes.contains(f[9])) {
                    result.add(table + " " + f[1] + " inode " + f[9]);
                }
            }
        }
        return result;
    }
}
