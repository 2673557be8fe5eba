package io.jlivepatch.samples.it;

import io.jlivepatch.core.model.SystemState;
import io.jlivepatch.core.reader.PatchJarWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes patch jars for the tests from compiled patch classes (and generated class files). */
final class PatchJars {

    private final Path dir;

    PatchJars(Path dir) {
        this.dir = dir;
    }

    /** A patch jar named {@code name} holding the given compiled classes. */
    Path jar(String name, boolean replace, Class<?>... classes) throws IOException {
        return jar(name, replace, List.of(), classes);
    }

    /** A patch jar named {@code name} declaring {@code states}, holding the given compiled classes. */
    Path jar(String name, boolean replace, List<SystemState> states, Class<?>... classes) throws IOException {
        Map<String, byte[]> bytes = new LinkedHashMap<>();
        for (Class<?> c : classes) {
            bytes.put(c.getName(), bytesOf(c));
        }
        Path jar = dir.resolve(name + ".jar");
        PatchJarWriter.write(jar, name, replace, states, bytes);
        return jar;
    }

    /** A patch jar holding the given class files, by binary name. */
    Path jar(String name, boolean replace, Map<String, byte[]> classes) throws IOException {
        Path jar = dir.resolve(name + ".jar");
        PatchJarWriter.write(jar, name, replace, List.<SystemState>of(), classes);
        return jar;
    }

    static byte[] bytesOf(Class<?> c) {
        String resource = "/" + c.getName().replace('.', '/') + ".class";
        try (InputStream in = c.getResourceAsStream(resource)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
