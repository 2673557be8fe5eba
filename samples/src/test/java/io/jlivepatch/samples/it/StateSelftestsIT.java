package io.jlivepatch.samples.it;

import static io.jlivepatch.samples.it.Transcripts.assertTranscript;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jlivepatch.core.model.SystemState;
import io.jlivepatch.samples.patches.state.LoglevelStateV1;
import io.jlivepatch.samples.patches.state.LoglevelStateV2;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernel's {@code test-state.sh}, ported (livepatch-semantics §8, cases 18–21): cumulative
 * patches that save, raise and restore the console log level and hand the saved value over through
 * their system state's data. Same steps, transcript compared line by line; in addition the console
 * log level is checked after each step (the kernel's test only prints what it does).
 *
 * <p>test_klp_state is {@link LoglevelStateV1} (state 1, version 1); test_klp_state2 and _state3 are
 * {@link LoglevelStateV2} (version 2) under two names, as in the kernel; all are replace patches.
 */
class StateSelftestsIT {

    static final String S1 = "test_klp_state";
    static final String S2 = "test_klp_state2";
    static final String S3 = "test_klp_state3";

    @TempDir
    Path dir;

    private Path s1;
    private Path s2;
    private Path s3;

    @BeforeEach
    void jars() throws Exception {
        PatchJars jars = new PatchJars(dir);
        s1 = jars.jar(S1, true, List.of(new SystemState(1, 1)), LoglevelStateV1.class);
        s2 = jars.jar(S2, true, List.of(new SystemState(1, 2)), LoglevelStateV2.class);
        s3 = jars.jar(S3, true, List.of(new SystemState(1, 2)), LoglevelStateV2.class);
    }

    private static String pre(String p, String callback) {
        return p + ": " + callback + "_callback: vmlinux";
    }

    /** EN(p) with the state lines {@code allocate} (pre-patch) and {@code fix} (post-patch). */
    static List<String> en(String p, String allocate, String fix) {
        List<String> lines = new ArrayList<>();
        lines.add("jlivepatch: enabling patch '" + p + "'");
        lines.add("jlivepatch: '" + p + "': initializing patching transition");
        lines.add(pre(p, "pre_patch"));
        lines.add(p + ": allocate_loglevel_state: " + allocate);
        lines.add("jlivepatch: '" + p + "': starting patching transition");
        lines.add("jlivepatch: '" + p + "': completing patching transition");
        lines.add(pre(p, "post_patch"));
        lines.add(p + ": fix_console_loglevel: " + fix);
        lines.add("jlivepatch: '" + p + "': patching complete");
        lines.add("test: ok");
        return lines;
    }

    /** DIS(p) restoring and freeing (no previous patch is left). */
    static List<String> dis(String p) {
        return List.of(
                "jlivepatch: '" + p + "': initializing unpatching transition",
                pre(p, "pre_unpatch"),
                p + ": restore_console_loglevel: restoring console_loglevel",
                "jlivepatch: '" + p + "': starting unpatching transition",
                "jlivepatch: '" + p + "': completing unpatching transition",
                pre(p, "post_unpatch"),
                p + ": free_loglevel_state: freeing space for the stored console_loglevel",
                "jlivepatch: '" + p + "': unpatching complete",
                "test: ok");
    }

    private static final String ALLOCATING = "allocating space to store console_loglevel";
    private static final String ALLOCATED = "space to store console_loglevel already allocated";
    private static final String FIXING = "fixing console_loglevel";
    private static final String TAKING_OVER = "taking over the console_loglevel change";

    private TargetJvm start(String name) throws Exception {
        return TargetJvm.withAgent("state-" + name, "log=stderr");
    }

    /** 1. system state modification. */
    @Test
    void systemStateModification() throws Exception {
        try (TargetJvm target = start("modification")) {
            target.run("insmod " + s1);
            assertEquals("console_loglevel=15", target.run("loglevel"));
            target.run("disable_lp " + S1);
            assertEquals("console_loglevel=7", target.run("loglevel"));
            target.run("rmmod " + S1);
            assertTranscript(Transcripts.of(
                    "% insmod <dir>/" + S1 + ".jar",
                    en(S1, ALLOCATING, FIXING),
                    "% loglevel", "test: console_loglevel=15",
                    "% disable_lp " + S1,
                    dis(S1),
                    "% loglevel", "test: console_loglevel=7",
                    "% rmmod " + S1,
                    "test: ok"), target.transcriptFrom("% insmod " + s1), dir);
        }
    }

    /** 2. taking over system state modification. */
    @Test
    void takingOverSystemStateModification() throws Exception {
        try (TargetJvm target = start("taking-over")) {
            target.run("insmod " + s1);
            target.run("insmod " + s2);
            target.run("rmmod " + S1);
            assertEquals("console_loglevel=15", target.run("loglevel"));
            target.run("disable_lp " + S2);
            assertEquals("console_loglevel=7", target.run("loglevel"), "the level s1 saved, restored by s2");
            target.run("rmmod " + S2);
            assertTranscript(Transcripts.of(
                    "% insmod <dir>/" + S1 + ".jar",
                    en(S1, ALLOCATING, FIXING),
                    "% insmod <dir>/" + S2 + ".jar",
                    en(S2, ALLOCATED, TAKING_OVER),
                    "% rmmod " + S1,
                    "test: ok",
                    "% loglevel", "test: console_loglevel=15",
                    "% disable_lp " + S2,
                    dis(S2),
                    "% loglevel", "test: console_loglevel=7",
                    "% rmmod " + S2,
                    "test: ok"), target.transcriptFrom("% insmod " + s1), dir);
        }
    }

    /** 3. compatible cumulative livepatches: s2, s3 takes over, and s2 again (2 >= 2) takes over from s3. */
    @Test
    void compatibleCumulativeLivepatches() throws Exception {
        try (TargetJvm target = start("compatible")) {
            target.run("insmod " + s2);
            target.run("insmod " + s3);
            target.run("rmmod " + S2);
            target.run("insmod " + s2);
            target.run("disable_lp " + S2);
            assertEquals("console_loglevel=7", target.run("loglevel"));
            target.run("rmmod " + S2);
            target.run("rmmod " + S3);
            assertTranscript(Transcripts.of(
                    "% insmod <dir>/" + S2 + ".jar",
                    en(S2, ALLOCATING, FIXING),
                    "% insmod <dir>/" + S3 + ".jar",
                    en(S3, ALLOCATED, TAKING_OVER),
                    "% rmmod " + S2,
                    "test: ok",
                    "% insmod <dir>/" + S2 + ".jar",
                    en(S2, ALLOCATED, TAKING_OVER),
                    "% disable_lp " + S2,
                    dis(S2),
                    "% loglevel", "test: console_loglevel=7",
                    "% rmmod " + S2,
                    "test: ok",
                    "% rmmod " + S3,
                    "test: ok"), target.transcriptFrom("% insmod " + s2), dir);
        }
    }

    /** 4. incompatible cumulative livepatches: s1 (version 1) cannot replace s2 (version 2). */
    @Test
    void incompatibleCumulativeLivepatches() throws Exception {
        try (TargetJvm target = start("incompatible")) {
            target.run("insmod " + s2);
            target.run("insmod " + s1);
            target.run("disable_lp " + S2);
            target.run("rmmod " + S2);
            assertTranscript(Transcripts.of(
                    "% insmod <dir>/" + S2 + ".jar",
                    en(S2, ALLOCATING, FIXING),
                    "% insmod <dir>/" + S1 + ".jar",
                    "jlivepatch: Livepatch patch (" + S1 + ") is not compatible with the already installed livepatches.",
                    "test: error: io.jlivepatch.core.registry.LivepatchException: patch '" + S1
                            + "' is not compatible with the already installed livepatches (system states)",
                    "% disable_lp " + S2,
                    dis(S2),
                    "% rmmod " + S2,
                    "test: ok"), target.transcriptFrom("% insmod " + s2), dir);
        }
    }
}
