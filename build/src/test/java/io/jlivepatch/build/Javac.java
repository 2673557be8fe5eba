package io.jlivepatch.build;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.tools.ToolProvider;

/** Compiles small source trees (path -> text) into a directory with the JDK's compiler, as a user's build would. */
final class Javac {

    private Javac() {}

    /** Compiles {@code sources} into {@code dir/name} with {@code options} (such as {@code --release 8}). */
    static Path compile(Path dir, String name, Map<String, String> sources, String... options) throws IOException {
        Path src = dir.resolve(name + "-src");
        Path classes = dir.resolve(name);
        Files.createDirectories(classes);
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-nowarn", "-Xlint:none",
                "-classpath", System.getProperty("java.class.path")));
        args.addAll(List.of(options));
        if (!List.of(options).contains("--release")) {
            args.addAll(List.of("--release", "17"));
        }
        for (Map.Entry<String, String> source : sources.entrySet()) {
            Path file = src.resolve(source.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, source.getValue());
            args.add(file.toString());
        }
        StringWriter errors = new StringWriter();
        int exit = ToolProvider.getSystemJavaCompiler().run(null, null,
                new java.io.OutputStream() {
                    @Override
                    public void write(int b) {
                        errors.write(b);
                    }
                }, args.toArray(new String[0]));
        assertEquals(0, exit, "javac failed: " + errors);
        return classes;
    }
}
