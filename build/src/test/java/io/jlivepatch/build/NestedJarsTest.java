package io.jlivepatch.build;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NestedJarsTest {

    @TempDir
    Path dir;

    @Test
    void identicalLibrariesAreCountedAndChangesNamed() throws IOException {
        Path old = fatJar("old.jar", Map.of("BOOT-INF/lib/a-1.jar", "a", "BOOT-INF/lib/b-1.jar", "b",
                "BOOT-INF/lib/gone-1.jar", "g", "BOOT-INF/classes/x/Y.class", "1"));
        Path now = fatJar("new.jar", Map.of("BOOT-INF/lib/a-1.jar", "a", "BOOT-INF/lib/b-1.jar", "b2",
                "BOOT-INF/lib/added-1.jar", "n", "BOOT-INF/classes/x/Y.class", "2"));
        NestedJars nested = NestedJars.compare(old, now);
        assertEquals(1, nested.identical());
        assertEquals(List.of("BOOT-INF/lib/b-1.jar differs between the versions",
                "BOOT-INF/lib/gone-1.jar is only in the old version",
                "BOOT-INF/lib/added-1.jar is only in the new version"), nested.changed());
    }

    @Test
    void warLibrariesCountAndDirectoriesHaveNone() throws IOException {
        Path old = fatJar("old.war", Map.of("WEB-INF/lib/a.jar", "a"));
        assertEquals(new NestedJars(1, List.of()), NestedJars.compare(old, old));
        assertEquals(new NestedJars(0, List.of()), NestedJars.compare(dir, old));
    }

    /** Nested jars stored, as Spring Boot requires; the rest deflated. */
    private Path fatJar(String name, Map<String, String> entries) throws IOException {
        Path jar = dir.resolve(name);
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(jar))) {
            for (Map.Entry<String, String> e : new java.util.TreeMap<>(entries).entrySet()) {
                byte[] bytes = e.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                ZipEntry entry = new ZipEntry(e.getKey());
                if (e.getKey().endsWith(".jar")) {
                    CRC32 crc = new CRC32();
                    crc.update(bytes);
                    entry.setMethod(ZipEntry.STORED);
                    entry.setSize(bytes.length);
                    entry.setCompressedSize(bytes.length);
                    entry.setCrc(crc.getValue());
                }
                out.putNextEntry(entry);
                out.write(bytes);
                out.closeEntry();
            }
        }
        return jar;
    }
}
