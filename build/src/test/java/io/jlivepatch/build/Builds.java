package io.jlivepatch.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.CheckClassAdapter;

/** Runs builds for the tests and checks what they generate. */
final class Builds {

    /** One run of the command: its exit code and what it printed. */
    record Run(int exit, String out, String err) {
        String all() {
            return out + err;
        }
    }

    private Builds() {}

    static Run command(BuildRequest request) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = BuildCommand.run(request, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Builds a patch named "fix" from two class directories; the summary must end with exit {@code expected}. */
    static Run build(int expected, Path old, Path now, Path jar) {
        Run run = command(BuildRequest.generated("fix", old, now, jar));
        assertEquals(expected, run.exit(), run.all());
        return run;
    }

    /** The in-process result of a build (replacement classes by binary name, and the report). */
    static PatchBuild.Result result(Path old, Path now) throws IOException {
        return PatchBuild.run(new Program("old", ClassFiles.read(old)), new Program("new", ClassFiles.read(now)));
    }

    /**
     * Verifies each generated class with ASM's analyzer (types, stack, frames), resolving the running
     * application's classes from {@code oldClasses}; fails naming the class and the problem.
     */
    static void verify(Map<String, byte[]> classes, URL... oldClasses) throws IOException {
        try (URLClassLoader loader = new URLClassLoader(oldClasses, Builds.class.getClassLoader())) {
            for (Map.Entry<String, byte[]> entry : classes.entrySet()) {
                StringWriter problems = new StringWriter();
                CheckClassAdapter.verify(new ClassReader(entry.getValue()), loader, false, new PrintWriter(problems));
                assertTrue(problems.toString().isEmpty(), entry.getKey() + " does not verify:\n" + problems);
            }
        }
    }
}
