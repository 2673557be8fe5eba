package io.jlivepatch.samples.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command, in its fast mode: the live demo drives the real CLI against the
 * sample service under load, and its own figures are asserted: every request served, none mixed,
 * and each phase answered by the version it should be.
 */
class LiveDemoIT {

    @TempDir
    Path dir;

    @Test
    void theDemoHotfixesTheServiceWithNoFailedAndNoMixedRequests() throws Exception {
        Path patches = Path.of(System.getProperty("jlivepatch.patches", "target/patches"));
        Path svg = dir.resolve("demo.svg");
        String output = TargetJvm.runMain("live-demo", List.of(), "io.jlivepatch.samples.demo.LiveDemo", 240,
                "--agent", TargetJvm.AGENT_JAR.toAbsolutePath().toString(),
                "--patches", patches.toAbsolutePath().toString(), "--fast", "--svg", svg.toString());
        Matcher totals = Pattern.compile("requests served: (\\d+), failed: (\\d+), mixed versions: (\\d+)").matcher(output);
        assertTrue(totals.find(), output);
        assertTrue(Long.parseLong(totals.group(1)) > 0, output);
        assertTrue(totals.group(2).equals("0") && totals.group(3).equals("0"), output);
        for (String phase : List.of("expected original, got", "expected patch A (fix-discount), got",
                "expected patch B (fix-rounding), got")) {
            assertTrue(output.contains(phase), phase + "\n" + output);
        }
        assertTrue(!output.contains("<-- WRONG") && output.contains("demo: OK"), output);
        for (String message : List.of("jlivepatch: enabling patch 'fix-discount'",
                "jlivepatch: 'fix-rounding': patching complete", "jlivepatch: 'fix-rounding': unpatching complete")) {
            assertTrue(output.contains(message), message + "\n" + output);
        }
        String picture = Files.readString(svg);
        assertTrue(picture.startsWith("<svg") && picture.contains("load B (replace)"), picture);
    }
}
