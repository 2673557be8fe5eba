package io.jlivepatch.core.reader;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.jlivepatch.core.model.SystemState;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Builds the jars the reader tests read: well-formed ones with the writer, broken ones by hand. */
final class TestJars {

    static final String FIXTURES = "io.jlivepatch.core.reader.fixtures.";

    private TestJars() {}

    /** The compiled class file of a test class, from the test class path. */
    static byte[] classFile(Class<?> type) {
        String resource = "/" + type.getName().replace('.', '/') + ".class";
        try (InputStream in = TestJars.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no " + resource + " on the test class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Class files by binary name, in the order given. */
    static Map<String, byte[]> classes(Class<?>... types) {
        Map<String, byte[]> classes = new LinkedHashMap<>();
        for (Class<?> type : types) {
            classes.put(type.getName(), classFile(type));
        }
        return classes;
    }

    /** A patch jar named {@code fix} (not a replace, no states) holding {@code types}, written to {@code dir}. */
    static Path patchJar(Path dir, Class<?>... types) throws IOException {
        Path jar = dir.resolve("fix.jar");
        PatchJarWriter.write(jar, "fix", false, List.<SystemState>of(), classes(types));
        return jar;
    }

    /** A manifest file with these main attribute lines after {@code Manifest-Version}. */
    static byte[] manifest(String... lines) {
        StringBuilder text = new StringBuilder("Manifest-Version: 1.0\r\n");
        for (String line : lines) {
            text.append(line).append("\r\n");
        }
        return text.append("\r\n").toString().getBytes(UTF_8);
    }

    /** A zip of {@code entries} in the order given, written with no checks: for broken jars. */
    static byte[] zip(Map<String, byte[]> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A zip holding a manifest with {@code manifestLines} and then {@code entries}. */
    static byte[] zip(List<String> manifestLines, Map<String, byte[]> entries) {
        Map<String, byte[]> all = new LinkedHashMap<>();
        all.put("META-INF/MANIFEST.MF", manifest(manifestLines.toArray(String[]::new)));
        all.putAll(entries);
        return zip(all);
    }

    static Path write(Path dir, byte[] bytes) throws IOException {
        return Files.write(dir.resolve("fix.jar"), bytes);
    }
}
