package io.jlivepatch.samples.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Variants of the agent jar under test, for the version checks. */
final class AgentJars {

    private AgentJars() {}

    /** A copy of {@code agentJar} whose manifest says {@code Implementation-Version: version}. */
    static Path withVersion(Path agentJar, Path copy, String version) throws IOException {
        try (InputStream in = Files.newInputStream(agentJar); JarInputStream jar = new JarInputStream(in)) {
            Manifest manifest = new Manifest(jar.getManifest());
            manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, version);
            try (OutputStream out = Files.newOutputStream(copy); JarOutputStream target = new JarOutputStream(out, manifest)) {
                JarEntry entry;
                while ((entry = jar.getNextJarEntry()) != null) {
                    target.putNextEntry(new JarEntry(entry.getName()));
                    jar.transferTo(target);
                    target.closeEntry();
                }
            }
        }
        return copy;
    }
}
