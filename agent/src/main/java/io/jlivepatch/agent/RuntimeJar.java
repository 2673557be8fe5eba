package io.jlivepatch.agent;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Puts the runtime module, nested in the agent jar as {@value #ENTRY}, on the bootstrap class path
 * (architecture.md §2), once per JVM.
 *
 * <p>"Once" is decided by the JVM, not by a flag here: if {@value #PROBE} is already loadable from
 * the bootstrap loader (an earlier attach of this or another agent jar appended it), nothing is
 * done, so a re-attach neither extracts nor appends a second copy. Otherwise the nested jar is
 * copied to a temporary file (owner-only permissions, named after the version, deleted on exit) and
 * appended with {@link Instrumentation#appendToBootstrapClassLoaderSearch}.
 *
 * <p>Expected side effect: once the bootstrap class path has been appended, HotSpot prints
 * {@code "Sharing is only supported for boot loader classes because bootstrap classpath has been
 * appended"} and turns CDS off for the other loaders (spike pitfall 7). That is the price of the
 * bootstrap runtime, not an error.
 *
 * <p>Thread-safety: {@link #appendToBootstrap} is synchronized, so concurrent attaches append at
 * most once. No state is kept.
 */
final class RuntimeJar {

    /** Where the runtime jar is nested inside the agent jar. */
    static final String ENTRY = "META-INF/jlivepatch/jlivepatch-runtime.jar";

    /** A runtime class that proves the runtime is on the bootstrap class path. */
    static final String PROBE = "io.jlivepatch.runtime.Dispatch";

    private RuntimeJar() {}

    /**
     * Appends the nested runtime jar to the bootstrap class path unless it is already there.
     *
     * @param inst the JVM's instrumentation
     * @throws IOException if the agent jar or its nested runtime jar cannot be read or extracted
     */
    static synchronized void appendToBootstrap(Instrumentation inst) throws IOException {
        if (onBootstrapClassPath()) {
            return;
        }
        Path file = extract();
        // Expected: HotSpot now prints "Sharing is only supported for boot loader classes because
        // bootstrap classpath has been appended" (spike pitfall 7); CDS stays on for the boot loader only.
        inst.appendToBootstrapClassLoaderSearch(new JarFile(file.toFile()));
    }

    /** {@return whether the bootstrap loader can already load {@value #PROBE}} Does not initialize it. */
    static boolean onBootstrapClassPath() {
        try {
            Class.forName(PROBE, false, null);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static Path extract() throws IOException {
        byte[] bytes = readNested();
        String version = AgentMain.class.getPackage().getImplementationVersion();
        Path file = Files.createTempFile("jlivepatch-runtime-" + (version == null ? "dev" : version) + "-", ".jar");
        file.toFile().deleteOnExit();
        Files.write(file, bytes);
        return file;
    }

    /** Reads {@value #ENTRY} from the jar (or directory) this class was loaded from, not from anywhere on the class path. */
    private static byte[] readNested() throws IOException {
        Path source = agentLocation();
        if (Files.isDirectory(source)) {
            return Files.readAllBytes(source.resolve(ENTRY));
        }
        try (JarFile jar = new JarFile(source.toFile())) {
            JarEntry entry = jar.getJarEntry(ENTRY);
            if (entry == null) {
                throw new IOException(source + " has no " + ENTRY + "; rebuild the agent jar with `mvn package`");
            }
            try (InputStream in = jar.getInputStream(entry)) {
                return in.readAllBytes();
            }
        }
    }

    private static Path agentLocation() throws IOException {
        CodeSource source = AgentMain.class.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            throw new IOException("cannot locate the agent jar: " + AgentMain.class + " has no code source");
        }
        try {
            return Path.of(source.getLocation().toURI());
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IOException("cannot locate the agent jar at " + source.getLocation(), e);
        }
    }
}
