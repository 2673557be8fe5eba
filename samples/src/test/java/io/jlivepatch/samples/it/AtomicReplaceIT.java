package io.jlivepatch.samples.it;

import static io.jlivepatch.samples.it.Transcripts.assertTranscript;
import static io.jlivepatch.samples.it.Transcripts.disabled;
import static io.jlivepatch.samples.it.Transcripts.enabled;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlivepatch.samples.patches.BusyFix;
import io.jlivepatch.samples.patches.ProbeFix;
import io.jlivepatch.samples.patches.ProbeFix2;
import io.jlivepatch.samples.patches.SeedFixA;
import io.jlivepatch.samples.patches.SeedFixB;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Atomic replace in forked JVMs (issue 4): the seed scenario, no unpatched window under stress (and
 * the disable-then-enable contrast that has one), trampolines removed byte for byte, and replaced
 * patches' classes collected.
 */
class AtomicReplaceIT {

    /** Replace steps of the stress run: each is a transition with 8 busy threads, slow on 2 shared cores. */
    private static final int CYCLES = 60;
    /** Disable-then-enable steps of the contrast run: each also unweaves and reweaves the class. */
    private static final int CONTRAST_CYCLES = 20;
    private static final int THREADS = 8;

    @TempDir
    Path dir;

    /**
     * The seed: patch A changes f1; patch B, a replace patch, changes f2 and f3 but not f1. After B,
     * f1 runs its original code and f2/f3 run B's, only B is listed (stack order 1), and it took one
     * retransformation to weave f2/f3 and one to unweave f1. Disabling B returns everything to the
     * original.
     */
    @Test
    void replacePatchRevertsWhatItDoesNotPatchAndDisablingItRestoresTheOriginal() throws Exception {
        PatchJars jars = new PatchJars(dir);
        Path a = jars.jar("seed-a", false, SeedFixA.class);
        Path b = jars.jar("seed-b", true, SeedFixB.class);
        try (TargetJvm target = TargetJvm.withAgent("replace-seed", "log=stderr")) {
            target.run("tcall f1");
            target.run("tcall f2");
            target.run("retransforms");
            target.run("load_lp " + a);
            target.run("tcall f1");
            target.run("tcall f2");
            target.run("retransforms");
            target.run("load_lp " + b);
            target.run("tcall f1");
            target.run("tcall f2");
            target.run("tcall f3");
            target.run("list");
            target.run("status seed-b");
            target.run("retransforms");
            target.run("disable_lp seed-b");
            target.run("tcall f1");
            target.run("tcall f2");
            target.run("tcall f3");
            target.run("list");
            target.run("retransforms");
            assertTranscript(Transcripts.of(
                    "% tcall f1",
                    "test: f1 = f1 original",
                    "% tcall f2",
                    "test: f2 = f2 original",
                    "% retransforms",
                    "test: retransforms=0",
                    "% load_lp <dir>/seed-a.jar",
                    enabled("seed-a"),
                    "test: ok",
                    "% tcall f1",
                    "test: f1 = f1 A",
                    "% tcall f2",
                    "test: f2 = f2 original",
                    "% retransforms",
                    "test: retransforms=1",
                    "% load_lp <dir>/seed-b.jar",
                    enabled("seed-b"),
                    "test: ok",
                    "% tcall f1",
                    "test: f1 = f1 original",
                    "% tcall f2",
                    "test: f2 = f2 B",
                    "% tcall f3",
                    "test: f3 = f3 B",
                    "% list",
                    "test: seed-b+ order=1",
                    "% status seed-b",
                    "test: enabled=1 replace=1 stack_order=1 transition=0 forced=0",
                    "% retransforms",
                    "test: retransforms=3",
                    "% disable_lp seed-b",
                    disabled("seed-b"),
                    "test: ok",
                    "% tcall f1",
                    "test: f1 = f1 original",
                    "% tcall f2",
                    "test: f2 = f2 original",
                    "% tcall f3",
                    "test: f3 = f3 original",
                    "% list",
                    "test: no patches",
                    "% retransforms",
                    "test: retransforms=4"), target.transcriptFrom("% tcall f1"), dir);
        }
    }

    /**
     * A replace transition is blocked by a thread inside a method only the replaced patch changes
     * (its nop's stack check); reversing it leaves the replaced patch active and running; replacing
     * again completes once the thread returns.
     */
    @Test
    void aBlockedReplaceReversesToTheReplacedPatchOrCompletesWhenTheThreadReturns() throws Exception {
        PatchJars jars = new PatchJars(dir);
        Path a = jars.jar("busy-fix", false, BusyFix.class);
        Path b = jars.jar("seed-b", true, SeedFixB.class);
        try (TargetJvm target = TargetJvm.withAgent("replace-blocked", "log=stderr")) {
            assertEquals("f2 = f2 original", target.run("tcall f2"));
            assertEquals("ok", target.run("load_lp " + a));
            assertEquals("busymod_work_func enter (busy-worker-1)", target.run("busy start"));
            assertEquals("ok", target.run("enable " + b));
            assertBlockedInWork("seed-b PATCHED remaining=1 blockers=[Blocker[thread=busy-worker-1, frame=",
                    target.run("await_remaining 1"));
            assertEquals("version = original", target.run("tcall version"), "switched: the nop runs the original");
            assertEquals("f2 = f2 B", target.run("tcall f2"));

            assertEquals("ok", target.run("disable_lp seed-b"));
            assertEquals("busy-fix+ order=1", target.run("list"));
            assertEquals("version = patched", target.run("tcall version"), "the replaced patch is back for everyone");
            assertEquals("f2 = f2 original", target.run("tcall f2"));
            assertEquals("busymod_work_func exit (busy-worker-1 work = patched/patched)", target.run("busy release"));

            assertEquals("busymod_work_func enter (busy-worker-2)", target.run("busy start"));
            assertEquals("ok", target.run("enable " + b));
            assertBlockedInWork("seed-b PATCHED remaining=1 blockers=[Blocker[thread=busy-worker-2, frame=",
                    target.run("await_remaining 1"));
            assertEquals("busymod_work_func exit (busy-worker-2 work = patched/patched)", target.run("busy release"),
                    "the unswitched thread kept the replaced patch's versions throughout");
            assertEquals("idle", target.run("idle"));
            assertEquals("seed-b+ order=1", target.run("list"));
            assertEquals("version = original", target.run("tcall version"));
            assertEquals("f2 = f2 B", target.run("tcall f2"));
            assertEquals("busymod_work_func enter (busy-worker-3)", target.run("busy start"));
            assertEquals("busymod_work_func exit (busy-worker-3 work = original/original)", target.run("busy release"));
        }
    }

    private static void assertBlockedInWork(String prefix, String answer) {
        assertTrue(answer.startsWith(prefix) && Pattern.matches(Pattern.quote(prefix)
                + "io\\.jlivepatch\\.samples\\.targets\\.Busy\\.work\\((Busy\\.java:\\d+|Unknown Source)\\)\\]\\]",
                answer), answer);
    }

    /**
     * No unpatched window: 8 threads call f (which calls g) while the patch moves A → B → A → ...
     * through {@value #CYCLES} replace patches, each with a new name. Every call answers A/A or B/B:
     * never the original, never A's f with B's g, never an exception; after every step the new
     * version answers.
     */
    @Test
    void replaceCyclesNeverShowTheOriginalNorMixVersions() throws Exception {
        StressReport r = stress("replace", CYCLES);
        r.assertCount("exceptions", 0, "workers that threw (a worker must never die silently)");
        r.assertCount("silentPhases", 0, "replace steps after which the new version never answered");
        r.assertCount("wrongSettled", 0, "calls begun after a step completed that did not run its version");
        r.assertSome("A", "calls that ran A");
        r.assertSome("B", "calls that ran B");
        r.assertCount("v0", 0, "calls that ran the original");
        r.assertCount("mixed", 0, "calls that mixed versions");
        r.assertCount("badListings", 0, "replace steps after which anything but the new patch was listed");
    }

    /**
     * The contrast: disabling A, then enabling B, leaves a window in which calls run the original
     * (the harness waits for one in every window, so every window proves it).
     */
    @Test
    void disableThenEnableDoesShowTheOriginalInBetween() throws Exception {
        StressReport r = stress("disable-enable", CONTRAST_CYCLES);
        r.assertCount("silentPhases", 0, "windows without a call that ran the original, or steps without the new version");
        r.assertSome("v0", "calls that ran the original between disable and enable");
        r.assertCount("exceptions", 0, "workers that threw");
        r.assertCount("wrongSettled", 0, "calls begun in a settled window that ran another version");
        r.assertCount("mixed", 0, "calls that mixed versions");
    }

    /**
     * The proof that the replace run could see a mix: the same replace steps, each forced at once
     * while a thread is held inside the old f, let that thread run the old f with the new g (A's f
     * with B's g, or B's f with A's g), every time.
     */
    @Test
    void forcedReplaceCyclesDoMixVersions() throws Exception {
        StressReport r = stress("replace-force", CONTRAST_CYCLES);
        r.assertCount("forced", CONTRAST_CYCLES, "forced replace steps");
        r.assertCount("heldMixed", CONTRAST_CYCLES,
                "held calls that finished the old f with the new g (or the harness cannot see a mix)");
        r.assertCount("exceptions", 0, "workers that threw: force may mix versions, never make a call fail");
        r.assertCount("silentPhases", 0, "forced steps after which the new version never answered");
        r.assertCount("wrongSettled", 0, "calls begun after a forced step completed that did not run its version");
        r.assertCount("v0", 0, "calls that ran the original");
    }

    /** Runs the harness; the timeout guards against a hang (the replace run took 80 s under load 40). */
    private StressReport stress(String mode, int cycles) throws Exception {
        return StressReport.run("replace-stress-" + mode,
                List.of("-javaagent:" + TargetJvm.AGENT_JAR.toAbsolutePath()),
                "io.jlivepatch.samples.targets.ReplaceStress", 300, mode, Integer.toString(cycles),
                Integer.toString(THREADS));
    }

    /**
     * Trampolines go away after a replace for methods no longer patched: the bytes the JVM holds for
     * a class whose methods are all unpatched again are the original class file, byte for byte (seen
     * by a recording transformer registered after the agent's, on a retransformation).
     */
    @Test
    void afterTheReplaceAClassNoLongerPatchedHoldsItsOriginalBytes() throws Exception {
        PatchJars jars = new PatchJars(dir);
        Path a = jars.jar("seed-a", false, SeedFixA.class);
        Path b = jars.jar("seed-b", true, SeedFixB.class);
        try (TargetJvm target = TargetJvm.withAgent("replace-bytes", "log=stderr", "-javaagent:" + recorderJar())) {
            String one = "io.jlivepatch.samples.targets.SeedOne";
            String two = "io.jlivepatch.samples.targets.SeedTwo";
            assertEquals("f1 = f1 original", target.run("tcall f1"));
            assertEquals("f2 = f2 original", target.run("tcall f2"));
            assertEquals("SeedOne bytes are the original class file", target.run("bytes " + one));
            assertEquals("SeedTwo bytes are the original class file", target.run("bytes " + two));

            assertEquals("ok", target.run("load_lp " + a));
            assertEquals("SeedOne bytes differ from the original class file", target.run("bytes " + one),
                    "the recorder sees the trampolines (or this test could not fail)");
            assertEquals("SeedTwo bytes are the original class file", target.run("bytes " + two));

            assertEquals("ok", target.run("load_lp " + b));
            assertEquals("SeedOne bytes are the original class file", target.run("bytes " + one));
            assertEquals("SeedTwo bytes differ from the original class file", target.run("bytes " + two));
            assertEquals("f1 = f1 original", target.run("tcall f1"));
            assertEquals("f2 = f2 B", target.run("tcall f2"), "the recorder's retransformations keep the patch");

            assertEquals("ok", target.run("disable_lp seed-b"));
            assertEquals("SeedOne bytes are the original class file", target.run("bytes " + one));
            assertEquals("SeedTwo bytes are the original class file", target.run("bytes " + two));
        }
    }

    /**
     * Replaced patches are freed: once a replace patch takes over, the hidden replacement class of
     * the patch it replaced is collected; the active patch's class is not. Disabling the replace
     * patch frees its class as well.
     */
    @Test
    void replacedPatchesReplacementClassesAreCollected() throws Exception {
        PatchJars jars = new PatchJars(dir);
        Path p1 = jars.jar("probe-1", false, ProbeFix.class);
        Path p2 = jars.jar("probe-2", true, ProbeFix2.class);
        try (TargetJvm target = TargetJvm.withAgent("replace-collected", "log=stderr")) {
            assertEquals("ok", target.run("load_lp " + p1));
            assertEquals("kept ProbeFix (hidden)", target.run("probe keep"));
            assertEquals("collected=[] alive=[ProbeFix]", target.run("probe gc"), "the active patch's class stays");

            assertEquals("ok", target.run("load_lp " + p2));
            assertEquals("kept ProbeFix2 (hidden)", target.run("probe keep"));
            assertEquals("collected=[ProbeFix] alive=[ProbeFix2]", target.run("probe gc"));

            assertEquals("ok", target.run("disable_lp probe-2"));
            assertEquals("collected=[ProbeFix, ProbeFix2] alive=[]", target.run("probe gc"));
        }
    }

    /** A jar whose manifest makes {@code RecordingAgent} a retransform-capable agent. */
    private Path recorderJar() throws Exception {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Premain-Class", "io.jlivepatch.samples.targets.RecordingAgent");
        manifest.getMainAttributes().putValue("Can-Retransform-Classes", "true");
        Path jar = dir.resolve("recorder.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream ignored = new JarOutputStream(out, manifest)) {
            // the class itself is on the target's class path
        }
        return jar;
    }
}
