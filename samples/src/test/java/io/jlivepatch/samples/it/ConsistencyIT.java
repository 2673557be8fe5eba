package io.jlivepatch.samples.it;

import io.jlivepatch.samples.patches.ChainFix;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.commons.ClassRemapper;
import org.objectweb.asm.commons.SimpleRemapper;

/**
 * The consistency model under stress, in forked JVMs: 8 threads call {@code Chain.f()}, which calls
 * {@code g()}, while a fix changing both is flipped {@value #CYCLES} times. Through jlivepatch no call
 * may mix versions or throw, and after every flip the version flipped to must answer (so the fix's
 * code ran in every enabled phase). The same harness with HotSwap-style {@code redefineClasses}
 * mixes: with a thread held inside the old f at every redefinition, certainly, which proves the
 * harness can see a mix.
 */
class ConsistencyIT {

    private static final String HARNESS = "io.jlivepatch.samples.targets.ChainStress";
    private static final int CYCLES = 200;
    private static final int THREADS = 8;
    /**
     * A guard against a hang, not a measure: about 2 minutes on 2 idle cores, but on 2 cores shared
     * under a load of 40 an enable with 8 busy threads took ~2.9 s and 200 cycles over 5 minutes.
     */
    private static final long TIMEOUT_SECONDS = 900;

    @TempDir
    Path dir;

    @Test
    void noCallMixesVersionsAcrossTwoHundredEnableDisableCycles() throws Exception {
        Path fix = new PatchJars(dir).jar("chain-fix", false, ChainFix.class);
        StressReport r = StressReport.run("stress-jlivepatch",
                List.of("-javaagent:" + TargetJvm.AGENT_JAR.toAbsolutePath()), HARNESS, TIMEOUT_SECONDS,
                "jlivepatch", Integer.toString(CYCLES), Integer.toString(THREADS), fix.toString());
        r.assertCount("exceptions", 0, "workers that threw (a worker must never die silently)");
        r.assertCount("silentPhases", 0, "flips after which the version flipped to never answered");
        r.assertCount("wrongSettled", 0, "calls begun after a flip completed that did not run its version");
        r.assertSome("v1", "calls that ran the fix");
        r.assertCount("mixed", 0, "calls that mixed old and new versions");
    }

    @Test
    void hotSwapRedefinitionOfTheSameFixDoesMix() throws Exception {
        Path fixed = dir.resolve("Chain.class");
        Files.write(fixed, fixedChainBytes());
        Path holder = holderAgentJar();
        StressReport r = StressReport.run("stress-redefine", List.of("-javaagent:" + holder), HARNESS, TIMEOUT_SECONDS,
                "redefine", Integer.toString(CYCLES), Integer.toString(THREADS), fixed.toString());
        r.assertCount("held", CYCLES, "redefinitions with a thread held inside the old f");
        r.assertCount("heldMixed", CYCLES,
                "held calls that finished the old f with the new g (or the harness cannot see a mix)");
        r.assertCount("exceptions", 0, "workers that threw");
        r.assertCount("silentPhases", 0, "redefinitions after which the new version never answered");
        r.assertCount("wrongSettled", 0, "calls begun after a redefinition that ran another version");
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
