package io.jlivepatch.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The libraries nested in two versions of an executable jar ({@code BOOT-INF/lib/*.jar} of a Spring
 * Boot jar, {@code WEB-INF/lib/*.jar} of a war), compared by size and CRC-32 from the archives'
 * central directories, without opening them. {@link ClassFiles} reads only the application's own
 * classes: identical libraries need nothing, and a changed library is not patched, which the build
 * says rather than pass over in silence.
 *
 * <p>Immutable and thread-safe.
 *
 * @param identical how many nested libraries are the same in both versions
 * @param changed one sentence per library added, removed or changed
 */
record NestedJars(int identical, List<String> changed) {

    private static final String[] DIRECTORIES = {"BOOT-INF/lib/", "WEB-INF/lib/"};

    /** Compares the nested libraries of {@code old} and {@code now}; none when either is a directory. */
    static NestedJars compare(Path old, Path now) throws IOException {
        if (!Files.isRegularFile(old) || !Files.isRegularFile(now)) {
            return new NestedJars(0, List.of());
        }
        Map<String, String> before = libraries(old);
        Map<String, String> after = libraries(now);
        int identical = 0;
        List<String> changed = new ArrayList<>();
        for (Map.Entry<String, String> e : before.entrySet()) {
            String then = after.get(e.getKey());
            if (then == null) {
                changed.add(e.getKey() + " is only in the old version");
            } else if (then.equals(e.getValue())) {
                identical++;
            } else {
                changed.add(e.getKey() + " differs between the versions");
            }
        }
        for (String name : after.keySet()) {
            if (!before.containsKey(name)) {
                changed.add(name + " is only in the new version");
            }
        }
        return new NestedJars(identical, List.copyOf(changed));
    }

    /** Nested jar name to its size and CRC-32. */
    private static Map<String, String> libraries(Path jar) throws IOException {
        Map<String, String> result = new TreeMap<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements();) {
                ZipEntry entry = entries.nextElement();
                String name = entry.getName();
                for (String directory : DIRECTORIES) {
                    if (name.startsWith(directory) && name.endsWith(".jar") && name.indexOf('/', directory.length()) < 0) {
                        result.put(name, entry.getSize() + "/" + Long.toHexString(entry.getCrc()));
                    }
                }
            }
        } catch (java.util.zip.ZipException e) {
            // not a jar: ClassFiles reports it
        }
        return result;
    }
}
