package io.jlivepatch.samples.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * The build tests' sample library ({@code demo.lib}, test resources {@code build/v1} and
 * {@code build/v2}): compiled here with the JDK's compiler into directories, as a user's build would.
 */
final class LibraryVersions {

    private LibraryVersions() {}

    /** Compiles version {@code v1} or {@code v2} into {@code dir}, with each source edited by {@code edit}. */
    static Path compile(String version, Path dir, UnaryOperator<String> edit) throws IOException {
        Path sources = dir.resolve("src-" + version);
        Path classes = dir.resolve(version);
        Files.createDirectories(classes);
        Path root = resource("build/" + version);
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".java"))::iterator) {
                Path copy = sources.resolve(root.relativize(file).toString());
                Files.createDirectories(copy.getParent());
                Files.writeString(copy, edit.apply(Files.readString(file, StandardCharsets.UTF_8)));
            }
        }
        List<String> arguments;
        try (Stream<Path> files = Files.walk(sources)) {
            arguments = new java.util.ArrayList<>(List.of("-d", classes.toString(), "--release", "17"));
            files.filter(f -> f.toString().endsWith(".java")).sorted().forEach(f -> arguments.add(f.toString()));
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int exit = javac.run(null, null, null, arguments.toArray(new String[0]));
        assertTrue(exit == 0, "javac failed for " + version);
        return classes;
    }

    /** Compiles {@code sources} (path -> text) into {@code dir/name} with extra javac {@code options}. */
    static Path compileSources(java.util.Map<String, String> sources, Path dir, String name, String... options)
            throws IOException {
        Path src = dir.resolve("src-" + name);
        Path classes = dir.resolve(name);
        Files.createDirectories(classes);
        List<String> arguments = new java.util.ArrayList<>(List.of("-d", classes.toString(), "-nowarn"));
        arguments.addAll(List.of(options));
        for (java.util.Map.Entry<String, String> source : new java.util.TreeMap<>(sources).entrySet()) {
            Path file = src.resolve(source.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, source.getValue());
            arguments.add(file.toString());
        }
        int exit = ToolProvider.getSystemJavaCompiler().run(null, null, null, arguments.toArray(new String[0]));
        assertTrue(exit == 0, "javac failed for " + name);
        return classes;
    }

    static Path compile(String version, Path dir) throws IOException {
        return compile(version, dir, UnaryOperator.identity());
    }

    private static Path resource(String name) {
        URL url = LibraryVersions.class.getClassLoader().getResource(name);
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new UncheckedIOException(new IOException("no test resource " + name, e));
        }
    }
}
