package io.jlivepatch.samples.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Transcript comparison, like the kernel selftests' {@code check_result}: exact, in order. */
final class Transcripts {

    private Transcripts() {}

    /** The standard log block of a patch enabled with no blocked thread (the selftests' EN(p)). */
    static List<String> enabled(String patch) {
        return List.of(
                "jlivepatch: enabling patch '" + patch + "'",
                "jlivepatch: '" + patch + "': initializing patching transition",
                "jlivepatch: '" + patch + "': starting patching transition",
                "jlivepatch: '" + patch + "': completing patching transition",
                "jlivepatch: '" + patch + "': patching complete");
    }

    /** The standard log block of a disable with no blocked thread (the selftests' DIS(p)). */
    static List<String> disabled(String patch) {
        return List.of(
                "jlivepatch: '" + patch + "': initializing unpatching transition",
                "jlivepatch: '" + patch + "': starting unpatching transition",
                "jlivepatch: '" + patch + "': completing unpatching transition",
                "jlivepatch: '" + patch + "': unpatching complete");
    }

    /** Builds an expected transcript from lines and blocks. */
    static List<String> of(Object... parts) {
        List<String> lines = new ArrayList<>();
        for (Object part : parts) {
            if (part instanceof List<?> block) {
                block.forEach(l -> lines.add((String) l));
            } else {
                lines.add((String) part);
            }
        }
        return lines;
    }

    /** Compares with {@code dir} shown as {@code <dir>}, one line per row for a readable diff. */
    static void assertTranscript(List<String> expected, List<String> actual, Path dir) {
        List<String> normalized = new ArrayList<>();
        for (String line : actual) {
            normalized.add(line.replace(dir.toString(), "<dir>"));
        }
        assertEquals(String.join("\n", expected), String.join("\n", normalized));
    }
}
