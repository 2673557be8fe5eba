package io.jlivepatch.samples.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlivepatch.samples.patches.ChainFix;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.commons.ClassRemapper;
import org.objectweb.asm.commons.SimpleRemapper;

/**
 * The consistency model under stress, in forked JVMs: 8 threads call {@code Chain.f()}, which calls
 * {@code g()}, while a fix changing both is flipped 200 times. Through jlivepatch no call may mix
 * versions; the same harness with HotSwap-style {@code redefineClasses} must mix, which proves the
 * harness can see a mix.
 */
class ConsistencyIT {

    private static final Pattern RESULT = Pattern.compile("test: calls=(\\d+) mixed=(\\d+) stalledCycles=(\\d+)");
    private static final int CYCLES = 200;
    private static final int THREADS = 8;

    @TempDir
    Path dir;

    @Test
    void noCallMixesVersionsAcrossTwoHundredEnableDisableCycles() throws Exception {
        Path fix = new PatchJars(dir).jar("chain-fix", false, ChainFix.class);
        String output = TargetJvm.runMain("stress-jlivepatch",
                List.of("-javaagent:" + TargetJvm.AGENT_JAR.toAbsolutePath()),
                "io.jlivepatch.samples.targets.ChainStress", 300,
                "jlivepatch", Integer.toString(CYCLES), Integer.toString(THREADS), fix.toString());
        long[] r = parse(output);
        assertTrue(r[0] > 0, output);
        assertEquals(0, r[1], "calls that mixed old and new versions:\n" + output);
        assertEquals(0, r[2], "cycles in which no call completed:\n" + output);
    }

    @Test
    void hotSwapRedefinitionOfTheSameFixDoesMix() throws Exception {
        Path fixed = dir.resolve("Chain.class");
        Files.write(fixed, fixedChainBytes());
        Path holder = holderAgentJar();
        String output = TargetJvm.runMain("stress-redefine", List.of("-javaagent:" + holder),
                "io.jlivepatch.samples.targets.ChainStress", 300,
                "redefine", Integer.toString(CYCLES), Integer.toString(THREADS), fixed.toString());
        long[] r = parse(output);
        assertTrue(r[1] > 0, "HotSwap should have mixed versions, or the harness cannot see a mix:\n" + output);
    }

    private static long[] parse(String output) {
        Matcher m = RESULT.matcher(output);
        assertTrue(m.find(), output);
        return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3))};
    }

    /** {@code samples.fixed.Chain}, renamed onto {@code samples.targets.Chain}. */
    private static byte[] fixedChainBytes() {
        byte[] bytes = PatchJars.bytesOf(io.jlivepatch.samples.fixed.Chain.class);
        ClassWriter writer = new ClassWriter(0);
        new ClassReader(bytes).accept(new ClassRemapper(writer, new SimpleRemapper(
                Map.of("io/jlivepatch/samples/fixed/Chain", "io/jlivepatch/samples/targets/Chain"))), 0);
        return writer.toByteArray();
    }

    /** A jar whose manifest makes {@code InstrumentationHolder} a redefining agent. */
    private Path holderAgentJar() throws Exception {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Premain-Class", "io.jlivepatch.samples.targets.InstrumentationHolder");
        manifest.getMainAttributes().putValue("Can-Redefine-Classes", "true");
        Path jar = dir.resolve("holder.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream ignored = new JarOutputStream(out, manifest)) {
            // the class itself is on the target's class path
        }
        return jar;
    }
}
