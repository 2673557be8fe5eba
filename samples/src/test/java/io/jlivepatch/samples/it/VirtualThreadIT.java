package io.jlivepatch.samples.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Consistency on virtual threads, in forked JDK 25 targets with the agent: hundreds of virtual
 * threads that unmount inside f between reading their version and calling g, while a fix changing
 * both is flipped by enable/disable and by atomic replace. Skipped when {@value CliJdkIT#JDK25} is
 * missing.
 */
@Timeout(300)
class VirtualThreadIT {

    private static final Pattern RESULT = Pattern.compile(
            "test: calls=(\\d+) patched=(\\d+) mixed=(\\d+) exceptions=(\\d+) stalledCycles=(\\d+)");
    private static final String STRESS = "io.jlivepatch.samples.targets.VirtualStress";

    static String java25() {
        return Path.of(CliJdkIT.JDK25, "bin", "java").toString();
    }

    @BeforeAll
    static void needsJdk25() {
        Assumptions.assumeTrue(Files.isExecutable(Path.of(java25())),
                CliJdkIT.JDK25 + " is missing: the virtual-thread tests need a JDK 21+ target");
    }

    private static List<String> agent() {
        return List.of("-javaagent:" + TargetJvm.AGENT_JAR.toAbsolutePath());
    }

    /**
     * The bug this fixes, made certain: 200 virtual threads each inside f for up to 20 ms when one
     * enable and one disable run. A transition that does not see them completes while they are
     * inside old f, and their g answers the new version.
     */
    @Test
    void virtualThreadsParkedInsideFNeverMixVersionsAcrossOneFlip() throws Exception {
        long[] r = stress("vthreads-one-flip", "flip", 1, 200, 20_000);
        assertEquals(0, r[2], "calls that mixed old and new versions");
        assertEquals(0, r[3], "exceptions in the workers");
        assertTrue(r[1] > 0, "no call ran the patched version");
    }

    @Test
    void hundredsOfVirtualThreadsNeverMixVersionsAcrossEnableDisableFlips() throws Exception {
        long[] r = stress("vthreads-flip", "flip", 200, 300, 1_000);
        assertEquals(0, r[2], "calls that mixed old and new versions");
        assertEquals(0, r[3], "exceptions in the workers");
        assertEquals(0, r[4], "cycles in which no call completed");
        assertTrue(r[1] > 0, "no call ran the patched version");
    }

    @Test
    void hundredsOfVirtualThreadsNeverMixVersionsAcrossAtomicReplaces() throws Exception {
        long[] r = stress("vthreads-replace", "replace", 200, 300, 1_000);
        assertEquals(0, r[2], "calls that mixed two versions");
        assertEquals(0, r[3], "exceptions in the workers");
        assertEquals(0, r[4], "cycles in which no call completed");
        assertTrue(r[1] > 0, "no call ran a patched version");
    }

    private static long[] stress(String name, String mode, int cycles, int threads, int pauseMicros) throws Exception {
        String output = TargetJvm.runMainOn(java25(), name, agent(), STRESS, 240, mode, Integer.toString(cycles),
                Integer.toString(threads), Integer.toString(pauseMicros));
        Matcher m = RESULT.matcher(output);
        assertTrue(m.find(), output);
        System.out.println(name + ": " + m.group());
        long[] r = new long[5];
        for (int i = 0; i < r.length; i++) {
            r[i] = Long.parseLong(m.group(i + 1));
        }
        return r;
    }
}
