package io.jlivepatch.samples.it;

import static io.jlivepatch.samples.it.Transcripts.assertTranscript;

import io.jlivepatch.samples.patches.callbacks.Demo1Vmlinux;
import io.jlivepatch.samples.patches.callbacks.Demo2Mod;
import io.jlivepatch.samples.patches.callbacks.Demo3Busy;
import io.jlivepatch.samples.patches.callbacks.Demo4BusyWork;
import io.jlivepatch.samples.patches.callbacks.DemoCallbacks;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernel's {@code test-callbacks.sh}, ported (livepatch-semantics §8, cases 6–16): the same
 * steps, and the same transcript compared line by line, with our prefix {@code jlivepatch: } and
 * our commands and answers ({@code % ...}, {@code test: ...}).
 *
 * <p>Mapping: vmlinux is the class {@code vmlinux}, always loaded; the modules
 * {@code test_klp_callbacks_mod} and {@code _busy} are classes loaded on command, each in a class
 * loader of its own; rmmod calls the module's exit, announces its loader going and collects it (the
 * answer says the loader was collected: nothing of jlivepatch keeps it). The livepatches are jars of
 * {@link DemoCallbacks} subclasses, one per object.
 *
 * <p>One difference, by design (see {@code docs/design.md}): when a pre-patch callback refuses a
 * module that loads later (case 12), the JVM cannot refuse the class, so it loads unpatched, its
 * init line appears, and the kernel's "refusing to load module" line says so.
 */
class CallbacksSelftestsIT {

    static final String DEMO = "test_klp_callbacks_demo";
    static final String DEMO2 = "test_klp_callbacks_demo2";
    static final String MOD = "test_klp_callbacks_mod";
    static final String BUSY = "test_klp_callbacks_busy";
    static final String VMLINUX = "vmlinux";

    @TempDir
    Path dir;

    private Path demo;
    private Path demo2;
    private Path demo2Replace;

    @BeforeEach
    void jars() throws Exception {
        PatchJars jars = new PatchJars(dir);
        demo = jars.jar(DEMO, false, DemoCallbacks.class, Demo1Vmlinux.class, Demo2Mod.class, Demo3Busy.class,
                Demo4BusyWork.class);
        demo2 = jars.jar(DEMO2, false, DemoCallbacks.class, Demo1Vmlinux.class);
        demo2Replace = new PatchJars(java.nio.file.Files.createDirectories(dir.resolve("replace")))
                .jar(DEMO2, true, DemoCallbacks.class, Demo1Vmlinux.class);
    }

    static String live(String module) {
        return module + " -> [MODULE_STATE_LIVE] Normal state";
    }

    static String coming(String module) {
        return module + " -> [MODULE_STATE_COMING] Full formed, running module_init";
    }

    static String going(String module) {
        return module + " -> [MODULE_STATE_GOING] Going away";
    }

    static String cb(String patch, String callback, String object) {
        return patch + ": " + callback + "_callback: " + object;
    }

    /** EN(p): enabling ... patching complete, with pre- and post-patch lines for {@code objects}. */
    static List<String> en(String p, String... objects) {
        List<String> lines = new ArrayList<>(List.of(
                "jlivepatch: enabling patch '" + p + "'",
                "jlivepatch: '" + p + "': initializing patching transition"));
        for (String o : objects) {
            lines.add(cb(p, "pre_patch", o));
        }
        lines.add("jlivepatch: '" + p + "': starting patching transition");
        lines.add("jlivepatch: '" + p + "': completing patching transition");
        for (String o : objects) {
            lines.add(cb(p, "post_patch", o));
        }
        lines.add("jlivepatch: '" + p + "': patching complete");
        return lines;
    }

    /** DIS(p): initializing ... unpatching complete, with pre- and post-unpatch lines for {@code objects}. */
    static List<String> dis(String p, String... objects) {
        List<String> lines = new ArrayList<>(List.of("jlivepatch: '" + p + "': initializing unpatching transition"));
        for (String o : objects) {
            lines.add(cb(p, "pre_unpatch", o));
        }
        lines.add("jlivepatch: '" + p + "': starting unpatching transition");
        lines.add("jlivepatch: '" + p + "': completing unpatching transition");
        for (String o : objects) {
            lines.add(cb(p, "post_unpatch", o));
        }
        lines.add("jlivepatch: '" + p + "': unpatching complete");
        return lines;
    }

    /** COMING(p, m): applying, pre- and post-patch (unless in transition), then the module's init. */
    static List<String> comingBlock(String p, String m) {
        return List.of(
                "jlivepatch: applying patch '" + p + "' to loading module '" + m + "'",
                cb(p, "pre_patch", coming(m)),
                cb(p, "post_patch", coming(m)),
                m + ": " + m + "_init");
    }

    /** GOING(p, m): the module's exit, pre-unpatch (unless in transition), reverting, post-unpatch. */
    static List<String> goingBlock(String p, String m) {
        return List.of(
                m + ": " + m + "_exit",
                cb(p, "pre_unpatch", going(m)),
                "jlivepatch: reverting patch '" + p + "' on unloading module '" + m + "'",
                cb(p, "post_unpatch", going(m)));
    }

    /** The transcript from {@code marker} on, without the driver's per-thread debug lines. */
    static List<String> transcript(TargetJvm target, String marker) {
        List<String> lines = new ArrayList<>(target.transcriptFrom(marker));
        lines.removeIf(line -> line.contains("klp_try_switch_task"));
        return lines;
    }

    private TargetJvm start(String name) throws Exception {
        return TargetJvm.withAgent("callbacks-" + name, "log=stderr");
    }

    /** 1. target module before livepatch. */
    @Test
    void targetModuleBeforeLivepatch() throws Exception {
        try (TargetJvm target = start("module-first")) {
            target.run("insmod " + MOD);
            target.run("insmod " + demo);
            target.run("disable_lp " + DEMO);
            target.run("rmmod " + DEMO);
            target.run("rmmod " + MOD);
            assertTranscript(Transcripts.of(
                    "% insmod " + MOD,
                    MOD + ": " + MOD + "_init",
                    "test: ok",
                    "% insmod <dir>/" + DEMO + ".jar",
                    en(DEMO, VMLINUX, live(MOD)),
                    "test: ok",
                    "% disable_lp " + DEMO,
                    dis(DEMO, VMLINUX, live(MOD)),
                    "test: ok",
                    "% rmmod " + DEMO,
                    "test: ok",
                    "% rmmod " + MOD,
                    MOD + ": " + MOD + "_exit",
                    "test: ok, loader collected"), transcript(target, "% insmod " + MOD), dir);
        }
    }

    /** 2. module_coming notifier. */
    @Test
    void moduleComingNotifier() throws Exception {
        try (TargetJvm target = start("coming")) {
            target.run("insmod " + demo);
            target.run("insmod " + MOD);
            target.run("disable_lp " + DEMO);
            target.run("rmmod " + DEMO);
            target.run("rmmod " + MOD);
            assertTranscript(Transcripts.of(
                    "% insmod <dir>/" + DEMO + ".jar",
                    en(DEMO, VMLINUX),
                    "test: ok",
                    "% insmod " + MOD,
                    comingBlock(DEMO, MOD),
                    "test: ok",
                    "% disable_lp " + DEMO,
                    dis(DEMO, VMLINUX, live(MOD)),
                    "test: ok",
                    "% rmmod " + DEMO,
                    "test: ok",
                    "% rmmod " + MOD,
                    MOD + ": " + MOD + "_exit",
                    "test: ok, loader collected"), transcript(target, "% insmod " + demo), dir);
        }
    }

    /** 3. module_going notifier. */
    @Test
    void moduleGoingNotifier() throws Exception {
        try (TargetJvm target = start("going")) {
            target.run("insmod " + MOD);
            target.run("insmod " + demo);
            target.run("rmmod " + MOD);
            target.run("disable_lp " + DEMO);
            target.run("rmmod " + DEMO);
            assertTranscript(Transcripts.of(
                    "% insmod " + MOD,
                    MOD + ": " + MOD + "_init",
                    "test: ok",
                    "% insmod <dir>/" + DEMO + ".jar",
                    en(DEMO, VMLINUX, live(MOD)),
                    "test: ok",
                    "% rmmod " + MOD,
                    goingBlock(DEMO, MOD),
                    "test: ok, loader collected",
                    "% disable_lp " + DEMO,
                    dis(DEMO, VMLINUX),
                    "test: ok",
                    "% rmmod " + DEMO,
                    "test: ok"), transcript(target, "% insmod " + MOD), dir);
        }
    }

    /** 4. module_coming and module_going notifiers. */
    @Test
    void moduleComingAndGoingNotifiers() throws Exception {
        try (TargetJvm target = start("coming-going")) {
            target.run("insmod " + demo);
            target.run("insmod " + MOD);
            target.run("rmmod " + MOD);
            target.run("disable_lp " + DEMO);
            target.run("rmmod " + DEMO);
            assertTranscript(Transcripts.of(
                    "% insmod <dir>/" + DEMO + ".jar",
                    en(DEMO, VMLINUX),
                    "test: ok",
                    "% insmod " + MOD,
                    comingBlock(DEMO, MOD),
                    "test: ok",
                    "% rmmod " + MOD,
                    goingBlock(DEMO, MOD),
                    "test: ok, loader collected",
                    "% disable_lp " + DEMO,
                    dis(DEMO, VMLINUX),
                    "test: ok",
                    "% rmmod " + DEMO,
                    "test: ok"), transcript(target, "% insmod " + demo), dir);
        }
    }

    /** 5. target module not present. */
    @Test
    void targetModuleNotPresent() throws Exception {
        try (TargetJvm target = start("not-present")) {
            target.run("insmod " + demo);
            target.run("disable_lp " + DEMO);
            target.run("rmmod " + DEMO);
            assertTranscript(Transcripts.of(
                    "% insmod <dir>/" + DEMO + ".jar",
                    en(DEMO, VMLINUX),
                    "test: ok",
                    "% disable_lp " + DEMO,
                    dis(DEMO, VMLINUX),
                    "test: ok",
                    "% rmmod " + DEMO,
                    "test: ok"), transcript(target, "% insmod " + demo), dir);
        }
    }

    /** 6. pre-patch callback -ENODEV. */
    @Test
    void prePatchCallbackEnodev() throws Exception {
        try (TargetJvm target = start("enodev")) {
            target.run("insmod " + MOD);
            target.run("insmod " + demo + " pre_patch_ret=-19");
            target.run("rmmod " + MOD);
            assertTranscript(Transcripts.of(
                    "% insmod " + MOD,
                    MOD + ": " + MOD + "_init",
                    "test: ok",
                    "% insmod <dir>/" + DEMO + ".jar pre_patch_ret=-19",
                    "jlivepatch: enabling patch '" + DEMO + "'",
                    "jlivepatch: '" + DEMO + "': initializing patching transition",
                    cb(DEMO, "pre_patch", VMLINUX),
                    "jlivepatch: pre-patch callback failed for object 'vmlinux'",
                    "jlivepatch: failed to enable patch '" + DEMO + "'",
                    "jlivepatch: '" + DEMO + "': canceling patching transition, going to unpatch",
                    "jlivepatch: '" + DEMO + "': completing unpatching transition",
                    "jlivepatch: '" + DEMO + "': unpatching complete",
                    "test: error: io.jlivepatch.core.registry.LivepatchException: patch '" + DEMO
                            + "': pre-patch callback failed for object 'vmlinux': java.lang.IllegalStateException: No such device",
                    "% rmmod " + MOD,
                    MOD + ": " + MOD + "_exit",
                    "test: ok, loader collected"), transcript(target, "% insmod " + MOD), dir);
        }
    }

    /** 7. module_coming + pre-patch callback -ENODEV: the module loads, unpatched (see the class comment). */
    @Test
    void moduleComingPlusPrePatchCallbackEnodev() throws Exception {
        try (TargetJvm target = start("coming-enodev")) {
            target.run("insmod " + demo);
            target.run("set_pre_patch_ret " + DEMO + " -19");
            target.run("insmod " + MOD);
            target.run("disable_lp " + DEMO);
            target.run("rmmod " + DEMO);
            target.run("rmmod " + MOD);
            assertTranscript(Transcripts.of(
                    "% insmod <dir>/" + DEMO + ".jar",
                    en(DEMO, VMLINUX),
                    "test: ok",
                    "% set_pre_patch_ret " + DEMO + " -19",
                    "test: ok",
                    "% insmod " + MOD,
                    "jlivepatch: applying patch '" + DEMO + "' to loading module '" + MOD + "'",
                    cb(DEMO, "pre_patch", coming(MOD)),
                    "jlivepatch: pre-patch callback failed for object '" + MOD + "'",
                    "jlivepatch: patch '" + DEMO + "' failed for module '" + MOD + "', refusing to patch module '"
                            + MOD + "' (it loads unpatched)",
                    MOD + ": " + MOD + "_init",
                    "test: loaded unpatched: a patch refused it",
                    "% disable_lp " + DEMO,
                    dis(DEMO, VMLINUX),
                    "test: ok",
                    "% rmmod " + DEMO,
                    "test: ok",
                    "% rmmod " + MOD,
                    MOD + ": " + MOD + "_exit",
                    "test: ok, loader collected"), transcript(target, "% insmod " + demo), dir);
        }
    }

    /** 8. multiple target modules. */
    @Test
    void multipleTargetModules() throws Exception {
        try (TargetJvm target = start("multiple-modules")) {
            target.run("insmod " + BUSY + " block_transition=N");
            target.run("insmod " + demo);
            target.run("insmod " + MOD);
            target.run("rmmod " + MOD);
            target.run("disable_lp " + DEMO);
            target.run("rmmod " + DEMO);
            target.run("rmmod " + BUSY);
            assertTranscript(Transcripts.of(
                    "% insmod " + BUSY + " block_transition=N",
                    BUSY + ": " + BUSY + "_init",
                    BUSY + ": busymod_work_func enter",
                    BUSY + ": busymod_work_func exit",
                    "test: ok",
                    "% insmod <dir>/" + DEMO + ".jar",
                    en(DEMO, VMLINUX, live(BUSY)),
                    "test: ok",
                    "% insmod " + MOD,
                    comingBlock(DEMO, MOD),
                    "test: ok",
                    "% rmmod " + MOD,
                    goingBlock(DEMO, MOD),
                    "test: ok, loader collected",
                    "% disable_lp " + DEMO,
                    dis(DEMO, VMLINUX, live(BUSY)),
                    "test: ok",
                    "% rmmod " + DEMO,
                    "test: ok",
                    "% rmmod " + BUSY,
                    BUSY + ": " + BUSY + "_exit",
                    "test: ok, loader collected"), transcript(target, "% insmod " + BUSY + " block_transition=N"), dir);
        }
    }

    /** 9. busy target module: the transition stalls; a module comes and goes meanwhile; the disable reverses it. */
    @Test
    void busyTargetModule() throws Exception {
        try (TargetJvm target = start("busy")) {
            target.run("insmod " + BUSY + " block_transition=Y");
            target.run("insmod_nowait " + demo);
            target.run("wait_transition " + DEMO);
            target.run("insmod " + MOD);
            target.run("rmmod " + MOD);
            target.run("disable_lp " + DEMO);
            target.run("rmmod " + DEMO);
            target.run("rmmod " + BUSY);
            assertTranscript(Transcripts.of(
                    "% insmod " + BUSY + " block_transition=Y",
                    BUSY + ": " + BUSY + "_init",
                    BUSY + ": busymod_work_func enter",
                    "test: ok",
                    "% insmod_nowait <dir>/" + DEMO + ".jar",
                    "jlivepatch: enabling patch '" + DEMO + "'",
                    "jlivepatch: '" + DEMO + "': initializing patching transition",
                    cb(DEMO, "pre_patch", VMLINUX),
                    cb(DEMO, "pre_patch", live(BUSY)),
                    "jlivepatch: '" + DEMO + "': starting patching transition",
                    "test: ok",
                    "% wait_transition " + DEMO,
                    "test: in transition",
                    "% insmod " + MOD,
                    "jlivepatch: applying patch '" + DEMO + "' to loading module '" + MOD + "'",
                    cb(DEMO, "pre_patch", coming(MOD)),
                    MOD + ": " + MOD + "_init",
                    "test: ok",
                    "% rmmod " + MOD,
                    MOD + ": " + MOD + "_exit",
                    "jlivepatch: reverting patch '" + DEMO + "' on unloading module '" + MOD + "'",
                    cb(DEMO, "post_unpatch", going(MOD)),
                    "test: ok, loader collected",
                    "% disable_lp " + DEMO,
                    "jlivepatch: '" + DEMO + "': reversing transition from patching to unpatching",
                    "jlivepatch: '" + DEMO + "': starting unpatching transition",
                    "jlivepatch: '" + DEMO + "': completing unpatching transition",
                    cb(DEMO, "post_unpatch", VMLINUX),
                    cb(DEMO, "post_unpatch", live(BUSY)),
                    "jlivepatch: '" + DEMO + "': unpatching complete",
                    "test: ok",
                    "% rmmod " + DEMO,
                    "test: ok",
                    "% rmmod " + BUSY,
                    BUSY + ": busymod_work_func exit",
                    BUSY + ": " + BUSY + "_exit",
                    "test: ok, loader collected"), transcript(target, "% insmod " + BUSY + " block_transition=Y"), dir);
        }
    }

    /** 10. multiple livepatches. */
    @Test
    void multipleLivepatches() throws Exception {
        try (TargetJvm target = start("multiple-livepatches")) {
            target.run("insmod " + demo);
            target.run("insmod " + demo2);
            target.run("disable_lp " + DEMO2);
            target.run("disable_lp " + DEMO);
            target.run("rmmod " + DEMO2);
            target.run("rmmod " + DEMO);
            assertTranscript(Transcripts.of(
                    "% insmod <dir>/" + DEMO + ".jar",
                    en(DEMO, VMLINUX),
                    "test: ok",
                    "% insmod <dir>/" + DEMO2 + ".jar",
                    en(DEMO2, VMLINUX),
                    "test: ok",
                    "% disable_lp " + DEMO2,
                    dis(DEMO2, VMLINUX),
                    "test: ok",
                    "% disable_lp " + DEMO,
                    dis(DEMO, VMLINUX),
                    "test: ok",
                    "% rmmod " + DEMO2,
                    "test: ok",
                    "% rmmod " + DEMO,
                    "test: ok"), transcript(target, "% insmod " + demo), dir);
        }
    }

    /** 11. atomic replace: the replaced patch gets no callbacks. */
    @Test
    void atomicReplace() throws Exception {
        try (TargetJvm target = start("atomic-replace")) {
            target.run("insmod " + demo);
            target.run("insmod " + demo2Replace);
            target.run("disable_lp " + DEMO2);
            target.run("rmmod " + DEMO2);
            target.run("rmmod " + DEMO);
            assertTranscript(Transcripts.of(
                    "% insmod <dir>/" + DEMO + ".jar",
                    en(DEMO, VMLINUX),
                    "test: ok",
                    "% insmod <dir>/replace/" + DEMO2 + ".jar",
                    en(DEMO2, VMLINUX),
                    "test: ok",
                    "% disable_lp " + DEMO2,
                    dis(DEMO2, VMLINUX),
                    "test: ok",
                    "% rmmod " + DEMO2,
                    "test: ok",
                    "% rmmod " + DEMO,
                    "test: ok"), transcript(target, "% insmod " + demo), dir);
        }
    }
}
