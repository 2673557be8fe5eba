package io.jlivepatch.core.reader;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jlivepatch.core.model.InvalidPatchException;
import io.jlivepatch.core.model.Patch;
import io.jlivepatch.core.model.SystemState;
import io.jlivepatch.core.reader.fixtures.CounterFix;
import io.jlivepatch.core.reader.fixtures.GreeterFix;
import io.jlivepatch.core.reader.fixtures.Phrases;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.jar.JarInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The writer: reproducible bytes, the layout streaming readers expect, and what it refuses. */
class PatchJarWriterTest {

    private static final List<SystemState> STATES = List.of(new SystemState(7, 2), new SystemState(1, 1));

    @TempDir
    Path dir;

    @Test
    void sameInputsGiveIdenticalBytesWhateverTheMapOrder() throws Exception {
        Map<String, byte[]> forward = TestJars.classes(GreeterFix.class, CounterFix.class, Phrases.class);
        Map<String, byte[]> backward = new LinkedHashMap<>();
        List<String> keys = new ArrayList<>(forward.keySet());
        Collections.reverse(keys);
        keys.forEach(k -> backward.put(k, forward.get(k)));

        byte[] first = PatchJarWriter.toBytes("fix", true, STATES, forward);
        byte[] second = PatchJarWriter.toBytes("fix", true, STATES, new HashMap<>(backward));

        assertArrayEquals(first, second);
        assertEquals(PatchJarReader.read("first", first).sha256(), PatchJarReader.read("second", second).sha256());
    }

    @Test
    void writingTwiceGivesTheSameFileAndHash() throws Exception {
        Path one = dir.resolve("one.jar");
        Path two = dir.resolve("two.jar");
        PatchJarWriter.write(one, "fix", false, STATES, TestJars.classes(GreeterFix.class));
        PatchJarWriter.write(two, "fix", false, STATES, TestJars.classes(GreeterFix.class));

        assertArrayEquals(Files.readAllBytes(one), Files.readAllBytes(two));
        assertEquals(PatchJarReader.read(one).sha256(), PatchJarReader.read(two).sha256());
    }

    @Test
    void bytesDoNotDependOnTheTimeZone() {
        TimeZone saved = TimeZone.getDefault();
        List<byte[]> jars = new ArrayList<>();
        try {
            for (String zone : List.of("UTC", "Pacific/Kiritimati", "America/St_Johns")) {
                TimeZone.setDefault(TimeZone.getTimeZone(zone));
                jars.add(PatchJarWriter.toBytes("fix", false, STATES, TestJars.classes(GreeterFix.class)));
            }
        } finally {
            TimeZone.setDefault(saved);
        }
        assertArrayEquals(jars.get(0), jars.get(1));
        assertArrayEquals(jars.get(0), jars.get(2));
    }

    @Test
    void manifestFirstThenClassesByEntryNameAllStoredAndStamped() throws Exception {
        Path jar = dir.resolve("fix.jar");
        PatchJarWriter.write(jar, "fix", false, List.of(), TestJars.classes(Phrases.class, CounterFix.class, GreeterFix.class));

        List<String> names = new ArrayList<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (ZipEntry entry : Collections.list(zip.entries())) {
                names.add(entry.getName());
                assertEquals(ZipEntry.STORED, entry.getMethod(), entry.getName());
                assertEquals(FileTime.from(PatchJarWriter.TIMESTAMP), entry.getLastModifiedTime(), entry.getName());
            }
        }
        String fixtures = "io/jlivepatch/core/reader/fixtures/";
        assertEquals(List.of("META-INF/MANIFEST.MF", fixtures + "CounterFix.class", fixtures + "GreeterFix.class",
                fixtures + "Phrases.class"), names);
    }

    @Test
    void dosTimestampIsTheFixedTimeInLocalForm() {
        byte[] jar = PatchJarWriter.toBytes("fix", false, List.of(), Map.of());
        ByteBuffer header = ByteBuffer.wrap(jar).order(ByteOrder.LITTLE_ENDIAN);

        // The first local file header: time at offset 10, date at 12 (MS-DOS format).
        assertEquals(0x04034b50, header.getInt(0));
        assertEquals(0, header.getShort(10), "00:00:00");
        assertEquals((2026 - 1980) << 9 | 1 << 5 | 1, header.getShort(12), "2026-01-01");
    }

    @Test
    void manifestHasTheLivepatchAttributes() throws Exception {
        Patch patch = PatchJarReader.read("fix.jar", PatchJarWriter.toBytes("fix-2", true, STATES, Map.of()));
        assertEquals(STATES, patch.states(), "in the order given");

        assertEquals("Manifest-Version: 1.0\r\nLivepatch-Name: fix-2\r\nLivepatch-Replace: true\r\n"
                        + "Livepatch-States: 7:2, 1:1\r\n\r\n",
                manifestText(PatchJarWriter.toBytes("fix-2", true, STATES, Map.of())));
        assertEquals("Manifest-Version: 1.0\r\nLivepatch-Name: fix\r\nLivepatch-Replace: false\r\n\r\n",
                manifestText(PatchJarWriter.toBytes("fix", false, List.of(), Map.of())));
    }

    @Test
    void streamingJarReadersFindTheManifest() throws Exception {
        byte[] jar = PatchJarWriter.toBytes("fix", false, List.of(), TestJars.classes(GreeterFix.class));

        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
            assertNotNull(in.getManifest());
            assertEquals("fix", in.getManifest().getMainAttributes().getValue("Livepatch-Name"));
        }
    }

    @Test
    void roundTrip() throws Exception {
        Map<String, byte[]> classes = TestJars.classes(GreeterFix.class, Phrases.class);
        Patch patch = PatchJarReader.read("fix.jar", PatchJarWriter.toBytes("fix", true, STATES, classes));

        assertEquals("fix", patch.name());
        assertEquals(true, patch.replace());
        assertEquals(classes.keySet(), patch.classes().keySet());
        classes.forEach((name, bytes) -> assertArrayEquals(bytes, patch.classBytes(name), name));
    }

    @Test
    void refusesWhatTheReaderWouldRefuseAndWritesNoFile() {
        Path jar = dir.resolve("bad.jar");

        assertThrows(InvalidPatchException.class,
                () -> PatchJarWriter.write(jar, "bad\nname", false, List.of(), Map.of()));
        assertThrows(InvalidPatchException.class,
                () -> PatchJarWriter.write(jar, "fix", false, List.of(new SystemState(1, 1), new SystemState(1, 2)), Map.of()));
        assertThrows(IllegalArgumentException.class,
                () -> PatchJarWriter.write(jar, "fix", false, List.of(), Map.of("a/b/C", new byte[0])));
        assertFalse(Files.exists(jar));
    }

    private static String manifestText(byte[] jar) throws Exception {
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(jar))) {
            ZipEntry first = in.getNextEntry();
            assertEquals("META-INF/MANIFEST.MF", first.getName());
            return new String(in.readAllBytes(), UTF_8);
        }
    }
}
