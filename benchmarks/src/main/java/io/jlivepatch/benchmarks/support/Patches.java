package io.jlivepatch.benchmarks.support;

import io.jlivepatch.core.model.Patch;
import io.jlivepatch.core.reader.PatchFormatException;
import io.jlivepatch.core.reader.PatchJarReader;
import io.jlivepatch.core.reader.PatchJarWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds patches the way a user's patch jar arrives: a jar in memory written by
 * {@link PatchJarWriter}, read back by {@link PatchJarReader}, so benchmarks go through the same
 * model the CLI and the agent's {@code patches=} option produce.
 *
 * <p>Stateless and thread-safe.
 */
public final class Patches {

    private Patches() {}

    /** A patch of the compiled replacement classes {@code classes}, read from the class path. */
    public static Patch of(String name, boolean replace, Class<?>... classes) {
        Map<String, byte[]> bytes = new LinkedHashMap<>();
        for (Class<?> c : classes) {
            bytes.put(c.getName(), classBytes(c.getClassLoader(), c.getName()));
        }
        return of(name, replace, bytes);
    }

    /** A patch of replacement class files by binary name. */
    public static Patch of(String name, boolean replace, Map<String, byte[]> classes) {
        byte[] jar = PatchJarWriter.toBytes(name, replace, List.of(), classes);
        try {
            return PatchJarReader.read(name + ".jar", jar);
        } catch (PatchFormatException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /**
     * The class file of {@code binaryName} as a resource of {@code loader}, without loading the
     * class (a class that is to be defined pre-woven must not be loaded first).
     */
    public static byte[] classBytes(ClassLoader loader, String binaryName) {
        String resource = binaryName.replace('.', '/') + ".class";
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no class file " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
