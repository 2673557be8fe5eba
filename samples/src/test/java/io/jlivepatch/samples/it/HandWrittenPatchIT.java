package io.jlivepatch.samples.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlivepatch.core.reader.PatchJarReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A hand-written patch packaged by Maven alone (the {@code hand-written-patch} execution of
 * maven-jar-plugin in this module's pom) has the patch jar format and enables like any other.
 */
class HandWrittenPatchIT {

    private static final Path JAR = Path.of(System.getProperty("jlivepatch.handWrittenPatch",
            "target/jlivepatch-samples-0.1.0-SNAPSHOT-fix-greet.jar"));

    @Test
    void aMavenPackagedPatchEnables() throws Exception {
        assertTrue(Files.exists(JAR), "maven-jar-plugin writes " + JAR);
        assertEquals("fix-greet", PatchJarReader.read(JAR).name());
        try (TargetJvm target = TargetJvm.withAgent("hand-written", "log=stderr")) {
            assertEquals("greet = hello world", target.run("call greet"));
            assertEquals("ok", target.run("enable " + JAR.toAbsolutePath()));
            assertEquals("idle", target.run("idle"));
            assertEquals("greet = v1 world", target.run("call greet"));
        }
    }
}
