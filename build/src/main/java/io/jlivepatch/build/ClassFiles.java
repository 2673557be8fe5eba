package io.jlivepatch.build;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads the class files of one compiled version, from a jar or a directory of classes, by internal
 * name. Classes of an executable fat jar ({@code BOOT-INF/classes/}) or a web archive
 * ({@code WEB-INF/classes/}) count as top-level classes; module descriptors and multi-release
 * variants ({@code META-INF/versions/}) are not application classes the JVM loads by default and
 * are left out; nested jars are not opened.
 *
 * <p>Stateless and thread-safe.
 */
final class ClassFiles {

    private static final String[] PREFIXES = {"BOOT-INF/classes/", "WEB-INF/classes/"};

    private ClassFiles() {}

    /**
     * The class files under {@code path}, by internal name ({@code a/b/C}).
     *
     * @throws IOException naming the path if it does not exist or cannot be read
     */
    static SortedMap<String, byte[]> read(Path path) throws IOException {
        if (!Files.exists(path)) {
            throw new NoSuchFileException(path.toString(), null, "no such jar or directory");
        }
        SortedMap<String, byte[]> classes = new TreeMap<>();
        if (Files.isDirectory(path)) {
            try (Stream<Path> files = Files.walk(path)) {
                for (Path file : (Iterable<Path>) files.sorted()::iterator) {
                    String entry = path.relativize(file).toString().replace(java.io.File.separatorChar, '/');
                    if (Files.isRegularFile(file)) {
                        add(classes, entry, Files.readAllBytes(file));
                    }
                }
            }
            return Collections.unmodifiableSortedMap(classes);
        }
        try (ZipFile zip = new ZipFile(path.toFile())) {
            for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements();) {
                ZipEntry entry = entries.nextElement();
                if (!entry.isDirectory() && entry.getName().endsWith(".class")) {
                    try (InputStream in = zip.getInputStream(entry)) {
                        add(classes, entry.getName(), in.readAllBytes());
                    }
                }
            }
        } catch (java.util.zip.ZipException e) {
            throw new IOException(path + " is not a jar file or a directory: " + e.getMessage(), e);
        }
        return Collections.unmodifiableSortedMap(classes);
    }

    private static void add(SortedMap<String, byte[]> classes, String entry, byte[] bytes) {
        if (!entry.endsWith(".class") || entry.startsWith("META-INF/") || entry.endsWith("module-info.class")
                || entry.endsWith("package-info.class")) {
            return;
        }
        String name = entry;
        for (String prefix : PREFIXES) {
            if (name.startsWith(prefix)) {
                name = name.substring(prefix.length());
            }
        }
        classes.put(name.substring(0, name.length() - ".class".length()), bytes);
    }
}
