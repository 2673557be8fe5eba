package io.jlivepatch.samples.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlivepatch.core.reader.PatchJarReader;
import io.jlivepatch.samples.patches.LambdaGreet;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hand-written patch packaged by Maven alone (the {@code hand-written-patch} execution of
 * maven-jar-plugin in this module's pom) has the patch jar format and enables like any other; a
 * hand-written replacement's lambdas and method references work although it is a hidden class
 * (they link through the runtime's one lambda bootstrap, {@code Lambdas}, as generated code's do).
 */
class HandWrittenPatchIT {

    @TempDir
    Path dir;

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

    @Test
    void lambdasAndMethodReferencesInAHandWrittenReplacementRun() throws Exception {
        Path jar = new PatchJars(dir).jar("fix-lambdas", false, LambdaGreet.class);
        try (TargetJvm target = TargetJvm.withAgent("hand-written-lambdas", "log=stderr")) {
            assertEquals("greet = hello world", target.run("call greet"));
            assertEquals("ok", target.run("enable " + jar));
            assertEquals("idle", target.run("idle"));
            String expected = "greet = lambdas world WORLD! WORLD+WORLD fine world world~";
            assertEquals(expected, target.run("call greet"));
            assertEquals(expected, target.run("call greet"), "the linked call sites, a second time");
            assertEquals("ok", target.run("disable fix-lambdas"));
            assertEquals("idle", target.run("idle"));
            assertEquals("greet = hello world", target.run("call greet"));
        }
    }
}
