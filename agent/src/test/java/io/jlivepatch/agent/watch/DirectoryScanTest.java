package io.jlivepatch.agent.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jlivepatch.core.reader.PatchJarWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The directory scan: what counts as a jar, what it costs when nothing changed, ConfigMap volumes. */
class DirectoryScanTest {

    @TempDir
    Path dir;

    private static String sha(String text) {
        return DirectoryScan.sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void readsAndHashesOnlyFilesThatChanged() throws IOException {
        write("a.jar", "one");
        write("b.jar", "two");
        DirectoryScan scan = new DirectoryScan(dir);
        assertEquals(Map.of("a.jar", new JarContent(sha("one"), null), "b.jar", new JarContent(sha("two"), null)),
                scan.scan());
        assertEquals(2, scan.reads());
        scan.scan();
        scan.scan();
        assertEquals(2, scan.reads(), "an unchanged directory costs a listing and a stat per jar");

        write("b.jar", "three");
        assertEquals(sha("three"), scan.scan().get("b.jar").sha256());
        assertEquals(3, scan.reads());

        // Replaced by a rename with the same size and time: a new inode, so it is read.
        FileTime time = Files.getLastModifiedTime(dir.resolve("a.jar"));
        Path staged = write(".a.jar.tmp", "ONE");
        Files.setLastModifiedTime(staged, time);
        Files.move(staged, dir.resolve("a.jar"), StandardCopyOption.ATOMIC_MOVE);
        assertEquals(sha("ONE"), scan.scan().get("a.jar").sha256());
        assertEquals(4, scan.reads());

        Files.delete(dir.resolve("a.jar"));
        assertEquals(Set.of("b.jar"), scan.scan().keySet());
    }

    @Test
    void readsThePatchNameOfAPatchJar() throws IOException {
        PatchJarWriter.write(dir.resolve("fix.jar"), "fix-1", true, List.of(), Map.of());
        JarContent content = new DirectoryScan(dir).scan().get("fix.jar");
        assertEquals("fix-1", content.patchName());
        assertEquals(DirectoryScan.sha256(Files.readAllBytes(dir.resolve("fix.jar"))), content.sha256());
    }

    @Test
    void leavesOutDotFilesDirectoriesOtherFilesAndDanglingLinks() throws IOException {
        write("a.jar", "a");
        write(".hidden.jar", "h");
        write("notes.txt", "n");
        Files.createDirectory(dir.resolve("dir.jar"));
        Files.createSymbolicLink(dir.resolve("gone.jar"), dir.resolve("nowhere.jar"));
        assertEquals(Set.of("a.jar"), new DirectoryScan(dir).scan().keySet());
    }

    @Test
    void anUnreadableDirectoryIsAnErrorNotAnEmptyDirectory() {
        assertThrows(IOException.class, () -> new DirectoryScan(dir.resolve("missing")).scan());
    }

    @Test
    void followsAConfigMapVolumeAcrossAnAtomicDataSwap() throws IOException {
        // kubelet's layout: ..<timestamp>/ holds the files, ..data -> ..<timestamp>, key -> ..data/key
        Path first = Files.createDirectory(dir.resolve("..2024_01_01_00_00_00.1"));
        Files.writeString(first.resolve("a.jar"), "one");
        Files.writeString(first.resolve("b.jar"), "two");
        Files.createSymbolicLink(dir.resolve(DirectoryScan.DATA_LINK), first.getFileName());
        Files.createSymbolicLink(dir.resolve("a.jar"), Path.of("..data/a.jar"));
        Files.createSymbolicLink(dir.resolve("b.jar"), Path.of("..data/b.jar"));
        DirectoryScan scan = new DirectoryScan(dir);
        assertEquals(Map.of("a.jar", new JarContent(sha("one"), null), "b.jar", new JarContent(sha("two"), null)),
                scan.scan());

        // The update: a new directory, then ..data swapped in one rename; b.jar is no longer a key.
        Path second = Files.createDirectory(dir.resolve("..2024_01_01_00_01_00.2"));
        Files.writeString(second.resolve("a.jar"), "ONE"); // same size
        Files.setLastModifiedTime(second.resolve("a.jar"), Files.getLastModifiedTime(first.resolve("a.jar")));
        Path staged = Files.createSymbolicLink(dir.resolve("..data_tmp"), second.getFileName());
        Files.move(staged, dir.resolve(DirectoryScan.DATA_LINK), StandardCopyOption.ATOMIC_MOVE);
        assertEquals(Map.of("a.jar", new JarContent(sha("ONE"), null)), scan.scan(),
                "a.jar leads to another file now; b.jar's link leads nowhere");
        assertNull(scan.scan().get("b.jar"));
    }
}
