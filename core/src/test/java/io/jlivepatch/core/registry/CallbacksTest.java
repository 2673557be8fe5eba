package io.jlivepatch.core.registry;

import static io.jlivepatch.core.registry.World.frame;
import static io.jlivepatch.core.registry.World.msg;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlivepatch.core.funcstack.MethodKey;
import io.jlivepatch.core.model.MethodRef;
import io.jlivepatch.core.model.Patch;
import io.jlivepatch.core.model.PatchFunc;
import io.jlivepatch.core.model.PatchObject;
import io.jlivepatch.core.model.Replacement;
import io.jlivepatch.core.model.SystemState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Object callbacks on fakes: the kernel's test-callbacks.sh cases (livepatch-semantics §8, 6–16) with
 * vmlinux a class always loaded and modules classes in their own loaders, plus the paths around
 * them: cancel after a later object refuses, refusal at coming after another patch applied, deferral
 * of post-patch during a transition, reversed disable, several copies, failing callbacks, callbacks
 * that re-enter the engine. Each expectation is the whole transcript, messages and callbacks in
 * order, like {@code check_result}.
 */
class CallbacksTest {

    private static final String VMLINUX = FakeCallbackRunner.VMLINUX;
    private static final String MOD = "mod";
    private static final String BUSY = "busy";
    private static final MethodKey BUSY_WORK = World.key(BUSY, "work");

    private final World w = new World();
    private final Livepatch lp = w.livepatch;
    private final FakeCallbackRunner cb = new FakeCallbackRunner(w.transcript);
    private final Object app = cb.loader("app");
    private final Object l1 = cb.loader("L1");

    CallbacksTest() {
        lp.bind(cb);
        cb.load(VMLINUX, app);
        w.redefiner.load(VMLINUX);
    }

    /**
     * The kernel's test_klp_callbacks_demo: objects vmlinux and mod (callbacks only) and busy
     * (callbacks and one func), in that order.
     */
    static Patch demo(String name) {
        return demo(name, false, List.of(), VMLINUX, MOD, BUSY);
    }

    /** A patch with callbacks for each of {@code targets}; {@code busy} also gets its func. */
    static Patch demo(String name, boolean replace, List<SystemState> states, String... targets) {
        String code = "cb." + name.replace('-', '_') + ".Code";
        Map<String, byte[]> classes = new LinkedHashMap<>();
        classes.put(code, new byte[] {1});
        List<PatchObject> objects = new ArrayList<>();
        for (String target : targets) {
            String callbacks = "cb." + name.replace('-', '_') + "." + target + "Callbacks";
            classes.put(callbacks, new byte[] {2});
            List<PatchFunc> funcs = target.equals(BUSY)
                    ? List.of(PatchFunc.of(BUSY_WORK.method(), new Replacement(code, new MethodRef("work", "(Lbusy;)V"))))
                    : List.of();
            objects.add(new PatchObject(target, funcs, false, callbacks));
        }
        return new Patch(name, replace, states, objects, classes, "");
    }

    private static List<String> en(String p, List<String> pre, List<String> post) {
        List<String> lines = new ArrayList<>();
        lines.add(msg("enabling patch '" + p + "'"));
        lines.add(msg("'" + p + "': initializing patching transition"));
        pre.forEach(o -> lines.add(p + ": pre_patch_callback: " + o));
        lines.add(msg("'" + p + "': starting patching transition"));
        lines.add(msg("'" + p + "': completing patching transition"));
        post.forEach(o -> lines.add(p + ": post_patch_callback: " + o));
        lines.add(msg("'" + p + "': patching complete"));
        return lines;
    }

    private static List<String> dis(String p, List<String> pre, List<String> post) {
        List<String> lines = new ArrayList<>();
        lines.add(msg("'" + p + "': initializing unpatching transition"));
        pre.forEach(o -> lines.add(p + ": pre_unpatch_callback: " + o));
        lines.add(msg("'" + p + "': starting unpatching transition"));
        lines.add(msg("'" + p + "': completing unpatching transition"));
        post.forEach(o -> lines.add(p + ": post_unpatch_callback: " + o));
        lines.add(msg("'" + p + "': unpatching complete"));
        return lines;
    }

    @SafeVarargs
    private static List<String> lines(List<String>... blocks) {
        List<String> all = new ArrayList<>();
        for (List<String> block : blocks) {
            all.addAll(block);
        }
        return all;
    }

    /** The module coming: {@code classComing}, and the class is "defined" (enumerable) afterwards. */
    private static PatchStatus.ObjectStatus object(PatchStatus patch, String className) {
        return patch.objects().stream().filter(o -> o.name().equals(className)).findFirst().orElseThrow();
    }

    private boolean insmod(String className, Object loader) {
        boolean patched = lp.modules().coming(className, loader);
        cb.load(className, loader);
        return patched;
    }

    /** The module going: announced, then gone. */
    private void rmmod(String className, Object loader) {
        lp.modules().going(loader, List.of(className));
        cb.unload(className, loader);
    }

    // ---------------------------------------------------------------------------------------------
    // test-callbacks.sh

    @Test
    void case6TargetModuleBeforeLivepatch() {
        cb.load(MOD, l1);
        lp.enable(demo("demo"));
        assertEquals(1, cb.looks, "one look at the loaded classes for all objects with callbacks");
        lp.disable("demo");
        List<String> both = List.of(VMLINUX, "mod@L1 -> LIVE");
        assertEquals(lines(en("demo", both, both), dis("demo", both, both)), w.transcript.take());
    }

    @Test
    void case7ModuleComingNotifier() {
        lp.enable(demo("demo"));
        assertTrue(insmod(MOD, l1));
        lp.disable("demo");
        assertEquals(lines(
                en("demo", List.of(VMLINUX), List.of(VMLINUX)),
                List.of(msg("applying patch 'demo' to loading module 'mod'"),
                        "demo: pre_patch_callback: mod@L1 -> COMING",
                        "demo: post_patch_callback: mod@L1 -> COMING"),
                dis("demo", List.of(VMLINUX, "mod@L1 -> LIVE"), List.of(VMLINUX, "mod@L1 -> LIVE"))),
                w.transcript.take());
    }

    @Test
    void case8ModuleGoingNotifier() {
        cb.load(MOD, l1);
        lp.enable(demo("demo"));
        rmmod(MOD, l1);
        lp.disable("demo");
        List<String> both = List.of(VMLINUX, "mod@L1 -> LIVE");
        assertEquals(lines(
                en("demo", both, both),
                List.of("demo: pre_unpatch_callback: mod@L1 -> GOING",
                        msg("reverting patch 'demo' on unloading module 'mod'"),
                        "demo: post_unpatch_callback: mod@L1 -> GOING"),
                dis("demo", List.of(VMLINUX), List.of(VMLINUX))), w.transcript.take());
        assertTrue(cb.released().contains("demo/mod@L1"), "the runner drops what it made for the gone copy");
    }

    @Test
    void case9ModuleComingAndGoingNotifiers() {
        lp.enable(demo("demo"));
        insmod(MOD, l1);
        rmmod(MOD, l1);
        lp.disable("demo");
        assertEquals(lines(
                en("demo", List.of(VMLINUX), List.of(VMLINUX)),
                List.of(msg("applying patch 'demo' to loading module 'mod'"),
                        "demo: pre_patch_callback: mod@L1 -> COMING",
                        "demo: post_patch_callback: mod@L1 -> COMING",
                        "demo: pre_unpatch_callback: mod@L1 -> GOING",
                        msg("reverting patch 'demo' on unloading module 'mod'"),
                        "demo: post_unpatch_callback: mod@L1 -> GOING"),
                dis("demo", List.of(VMLINUX), List.of(VMLINUX))), w.transcript.take());
    }

    @Test
    void case10TargetModuleNotPresent() {
        lp.enable(demo("demo"));
        lp.disable("demo");
        assertEquals(lines(en("demo", List.of(VMLINUX), List.of(VMLINUX)), dis("demo", List.of(VMLINUX), List.of(VMLINUX))),
                w.transcript.take());
    }

    @Test
    void case11PrePatchRefusalCancelsTheEnableWithoutPostUnpatch() {
        cb.load(MOD, l1);
        cb.refuse("demo", VMLINUX);
        LivepatchException e = assertThrows(LivepatchException.class, () -> lp.enable(demo("demo")));
        assertFalse(e.isBusy());
        assertEquals("patch 'demo': pre-patch callback failed for object 'vmlinux': "
                + "java.lang.IllegalStateException: No such device", e.getMessage());
        assertEquals(List.of(
                msg("enabling patch 'demo'"),
                msg("'demo': initializing patching transition"),
                "demo: pre_patch_callback: vmlinux",
                msg("pre-patch callback failed for object 'vmlinux'"),
                msg("failed to enable patch 'demo'"),
                msg("'demo': canceling patching transition, going to unpatch"),
                msg("'demo': completing unpatching transition"),
                msg("'demo': unpatching complete")), w.transcript.take());
        assertEquals(List.of(), lp.patches());
        assertFalse(lp.isInTransition());
        assertEquals(List.of("demo"), cb.released());
        assertFalse(lp.modules().isObject(VMLINUX), "the cancelled patch names nothing");
    }

    @Test
    void aRefusalAtALaterObjectUnpatchesTheEarlierOnesAndRunsTheirPostUnpatch() {
        Thread t = w.threads.thread("t");
        w.redefiner.load(BUSY);
        cb.load(BUSY, app);
        cb.load(MOD, l1);
        Patch patch = demo("demo", false, List.of(), BUSY, VMLINUX, MOD);
        cb.refuse("demo", MOD);

        assertThrows(LivepatchException.class, () -> lp.enable(patch));
        assertEquals(List.of(
                msg("enabling patch 'demo'"),
                msg("'demo': initializing patching transition"),
                "demo: pre_patch_callback: busy@app -> LIVE",
                "demo: pre_patch_callback: vmlinux",
                "demo: pre_patch_callback: mod@L1 -> LIVE",
                msg("pre-patch callback failed for object 'mod'"),
                msg("failed to enable patch 'demo'"),
                msg("'demo': canceling patching transition, going to unpatch"),
                msg("'demo': completing unpatching transition"),
                "demo: post_unpatch_callback: busy@app -> LIVE",
                "demo: post_unpatch_callback: vmlinux",
                msg("'demo': unpatching complete")), w.transcript.take());
        assertEquals(Set.of(), w.woven(BUSY), "the trampoline the enable wove is gone");
        assertEquals(Set.of(), w.redefiner.carried(BUSY), "and the class has its original bytes again");
        assertEquals("original", w.call(t, BUSY_WORK));
        assertEquals(List.of("demo"), w.table.released());
    }

    @Test
    void case12PrePatchRefusalAtComingLeavesTheClassUnpatchedAndThePatchEnabled() {
        lp.enable(demo("demo"));
        cb.refuse("demo", MOD);
        w.transcript.take();

        assertFalse(insmod(MOD, l1), "the transformer must leave it unpatched");
        assertEquals(List.of(
                msg("applying patch 'demo' to loading module 'mod'"),
                "demo: pre_patch_callback: mod@L1 -> COMING",
                msg("pre-patch callback failed for object 'mod'"),
                msg("patch 'demo' failed for module 'mod', refusing to patch module 'mod' (it loads unpatched)")),
                w.transcript.take());
        assertFalse(lp.modules().isAlive(MOD, l1));
        assertTrue(lp.modules().isAlive(MOD, cb.loader("L2")), "other copies are not affected");
        w.redefiner.load(MOD);
        PatchStatus.ObjectStatus mod = object(lp.patches().get(0), MOD);
        assertTrue(mod.loaded());
        assertFalse(mod.patched(), "the refused copy carries no patch, so the object is not patched (sysfs)");
        assertTrue(object(lp.patches().get(0), VMLINUX).patched());

        cb.accept("demo", MOD);
        lp.disable("demo");
        assertEquals(dis("demo", List.of(VMLINUX), List.of(VMLINUX)), w.transcript.take(),
                "no callback ever runs for the refused copy");
        rmmod(MOD, l1);
        assertEquals(List.of(), w.transcript.take(), "nor when it goes");
    }

    @Test
    void aRefusalAtComingRevertsThePatchesThatAppliedBefore() {
        lp.enable(demo("first", false, List.of(), MOD));
        lp.enable(demo("plain", false, List.of(), VMLINUX));
        lp.enable(World.patch("funcs", World.key(MOD, "m")));
        lp.enable(demo("second", false, List.of(), MOD));
        cb.refuse("second", MOD);
        w.transcript.take();

        assertFalse(insmod(MOD, l1));
        assertEquals(List.of(
                msg("applying patch 'first' to loading module 'mod'"),
                "first: pre_patch_callback: mod@L1 -> COMING",
                "first: post_patch_callback: mod@L1 -> COMING",
                msg("applying patch 'funcs' to loading module 'mod'"),
                msg("applying patch 'second' to loading module 'mod'"),
                "second: pre_patch_callback: mod@L1 -> COMING",
                msg("pre-patch callback failed for object 'mod'"),
                msg("patch 'second' failed for module 'mod', refusing to patch module 'mod' (it loads unpatched)"),
                "first: pre_unpatch_callback: mod@L1 -> COMING",
                msg("reverting patch 'first' on unloading module 'mod'"),
                "first: post_unpatch_callback: mod@L1 -> COMING",
                msg("reverting patch 'funcs' on unloading module 'mod'")), w.transcript.take());
        assertEquals(List.of("second/mod@L1", "first/mod@L1"), cb.released());
    }

    @Test
    void case13MultipleTargetModules() {
        w.redefiner.load(BUSY);
        cb.load(BUSY, app);
        lp.enable(demo("demo"));
        insmod(MOD, l1);
        rmmod(MOD, l1);
        lp.disable("demo");
        List<String> live = List.of(VMLINUX, "busy@app -> LIVE");
        assertEquals(lines(
                en("demo", live, live),
                List.of(msg("applying patch 'demo' to loading module 'mod'"),
                        "demo: pre_patch_callback: mod@L1 -> COMING",
                        "demo: post_patch_callback: mod@L1 -> COMING",
                        "demo: pre_unpatch_callback: mod@L1 -> GOING",
                        msg("reverting patch 'demo' on unloading module 'mod'"),
                        "demo: post_unpatch_callback: mod@L1 -> GOING"),
                dis("demo", live, live)), w.transcript.take());
    }

    /** busy's worker sleeps in busy.work, which the demo patches: the transition stalls. */
    private Thread stallOnBusy() {
        w.redefiner.load(BUSY);
        cb.load(BUSY, app);
        Thread worker = w.threads.thread("worker");
        w.threads.setFrames(worker, List.of(frame(BUSY_WORK)));
        lp.enable(demo("demo"));
        assertTrue(lp.isInTransition());
        return worker;
    }

    @Test
    void case14BusyTargetModule() {
        stallOnBusy();
        insmod(MOD, l1);
        rmmod(MOD, l1);
        lp.disable("demo");
        assertTrue(lp.isInTransition(), "the reverse completes at the next pass");
        w.scheduler.runPending();
        assertFalse(lp.isInTransition());
        assertEquals(List.of(
                msg("enabling patch 'demo'"),
                msg("'demo': initializing patching transition"),
                "demo: pre_patch_callback: vmlinux",
                "demo: pre_patch_callback: busy@app -> LIVE",
                msg("'demo': starting patching transition"),
                msg("applying patch 'demo' to loading module 'mod'"),
                "demo: pre_patch_callback: mod@L1 -> COMING",
                msg("reverting patch 'demo' on unloading module 'mod'"),
                "demo: post_unpatch_callback: mod@L1 -> GOING",
                msg("'demo': reversing transition from patching to unpatching"),
                msg("'demo': starting unpatching transition"),
                msg("'demo': completing unpatching transition"),
                "demo: post_unpatch_callback: vmlinux",
                "demo: post_unpatch_callback: busy@app -> LIVE",
                msg("'demo': unpatching complete")), w.transcript.take());
    }

    @Test
    void aClassComingDuringTheTransitionGetsItsPostPatchAtCompletion() {
        Thread worker = stallOnBusy();
        insmod(MOD, l1);
        w.transcript.take();

        w.threads.setFrames(worker, List.of());
        w.scheduler.runPending();
        assertFalse(lp.isInTransition());
        assertEquals(List.of(
                msg("'demo': completing patching transition"),
                "demo: post_patch_callback: vmlinux",
                "demo: post_patch_callback: mod@L1 -> LIVE",
                "demo: post_patch_callback: busy@app -> LIVE",
                msg("'demo': patching complete")), w.transcript.take());
    }

    @Test
    void aReversedDisableRunsPostPatchAgainAndNoPostUnpatch() {
        lp.enable(demo("demo", false, List.of(), VMLINUX, BUSY));
        Thread worker = w.threads.thread("worker");
        w.threads.setFrames(worker, List.of(frame(BUSY_WORK)));
        w.redefiner.load(BUSY);
        w.transcript.take();

        lp.disable("demo");
        assertTrue(lp.isInTransition(), "the worker still runs the patched work");
        lp.reverse("demo");
        w.scheduler.runPending();
        assertEquals(List.of(
                msg("'demo': initializing unpatching transition"),
                "demo: pre_unpatch_callback: vmlinux",
                msg("'demo': starting unpatching transition"),
                msg("'demo': reversing transition from unpatching to patching"),
                msg("'demo': starting patching transition"),
                msg("'demo': completing patching transition"),
                "demo: post_patch_callback: vmlinux",
                msg("'demo': patching complete")), w.transcript.take());
        lp.disable("demo");
        w.threads.setFrames(worker, List.of());
        w.scheduler.runPending();
        assertEquals(dis("demo", List.of(VMLINUX), List.of(VMLINUX)), w.transcript.take());
    }

    @Test
    void case15MultipleLivepatchesEachRunOnlyTheirOwnCallbacks() {
        lp.enable(demo("demo", false, List.of(), VMLINUX, MOD));
        lp.enable(demo("demo2", false, List.of(), VMLINUX));
        lp.disable("demo2");
        lp.disable("demo");
        List<String> v = List.of(VMLINUX);
        assertEquals(lines(en("demo", v, v), en("demo2", v, v), dis("demo2", v, v), dis("demo", v, v)),
                w.transcript.take());
    }

    @Test
    void case16AtomicReplaceReplacedPatchesGetNoCallbacks() {
        cb.load(MOD, l1);
        lp.enable(demo("demo", false, List.of(), VMLINUX, MOD));
        lp.enable(demo("demo2", true, List.of(), VMLINUX));
        lp.disable("demo2");
        List<String> v = List.of(VMLINUX);
        List<String> both = List.of(VMLINUX, "mod@L1 -> LIVE");
        assertEquals(lines(en("demo", both, both), en("demo2", v, v), dis("demo2", v, v)), w.transcript.take());
        assertEquals(List.of("demo", "demo2"), cb.released(), "the replaced patch's callbacks are dropped at once");
        rmmod(MOD, l1);
        assertEquals(List.of(), w.transcript.take(), "nothing applies to mod any more");
    }

    // ---------------------------------------------------------------------------------------------
    // test-state.sh: system states and their data

    private static Patch state(String name, long version) {
        return demo(name, true, List.of(new SystemState(1, version)), VMLINUX);
    }

    @Test
    void aCumulativePatchSeesThePreviousStateAndTakesItsDataOver() {
        Object[] data = new Object[1];
        List<String> seen = new ArrayList<>();
        cb.onRun(c -> {
            var mine = c.state(1);
            var previous = c.previousState(1);
            seen.add(c.patch().name() + " " + c.loadState() + " previous=" + (previous == null ? "none" : previous.version()));
            if (c.patch().name().equals("s1") && mine.data() == null) {
                mine.setData(data[0] = new Object());
            } else if (previous != null && mine.data() == null) {
                mine.setData(previous.data());
            }
        });
        lp.enable(state("s1", 1));
        lp.enable(state("s2", 2));
        assertEquals(List.of("s2@1 replace:" + " vmlinux[]"), w.listing());
        lp.disable("s2");
        assertEquals(List.of(
                "s1 LIVE previous=none", "s1 LIVE previous=none",
                "s2 LIVE previous=1", "s2 LIVE previous=1",
                "s2 LIVE previous=none", "s2 LIVE previous=none"), seen,
                "pre and post-patch of s2 see s1's state (s1 is still listed at post-patch); its disable sees none");
        assertFalse(w.transcript.lines().stream().anyMatch(l -> l.startsWith("s1: pre_unpatch")
                || l.startsWith("s1: post_unpatch")), "s1 was replaced: no unpatch callbacks");
    }

    @Test
    void theStateDataIsHandedOverByReference() {
        Object[] handed = new Object[2];
        cb.onRun(c -> {
            if (c.patch().name().equals("s1")) {
                if (c.state(1).data() == null) {
                    c.state(1).setData(new StringBuilder("loglevel"));
                }
                handed[0] = c.state(1).data();
            } else if (c.previousState(1) != null) {
                c.state(1).setData(c.previousState(1).data());
                handed[1] = c.state(1).data();
            }
        });
        lp.enable(state("s1", 1));
        lp.enable(state("s2", 2));
        assertSame(handed[0], handed[1]);
    }

    @Test
    void reversingAReplaceLetsPostUnpatchSeeTheReplacedPatchesState() {
        lp.enable(state("s1", 1));
        w.redefiner.load(BUSY);
        Thread worker = w.threads.thread("worker");
        w.threads.setFrames(worker, List.of(frame(BUSY_WORK)));
        List<String> seen = new ArrayList<>();
        cb.onRun(c -> seen.add(c.patch().name() + " previous=" + (c.previousState(1) != null)));
        Patch s2 = new Patch("s2", true, List.of(new SystemState(1, 2)), List.of(
                demo("x", false, List.of(), VMLINUX).objects().get(0),
                new PatchObject(BUSY, List.of(PatchFunc.of(BUSY_WORK.method(),
                        new Replacement("cb.x.Code", new MethodRef("work", "(Lbusy;)V")))))),
                demo("x", false, List.of(), VMLINUX).classes(), "");
        lp.enable(s2);
        lp.disable("s2");
        w.scheduler.runPending();
        assertEquals(List.of("s2 previous=true", "s2 previous=true"), seen, "pre-patch, then post-unpatch of the reverse");
        assertEquals(List.of("s1@1 replace: vmlinux[]"), w.listing(), "the replaced patch stays");
    }

    @Test
    void thePreviousStateOutsideATransitionIsNullWithAOneTimeWarning() {
        lp.enable(demo("demo", false, List.of(new SystemState(1, 1)), VMLINUX, MOD));
        List<Object> previous = new ArrayList<>();
        cb.onRun(c -> previous.add(c.previousState(1)));
        w.transcript.take();
        insmod(MOD, l1);
        insmod(MOD, cb.loader("L2"));
        assertEquals(4, previous.size());
        assertTrue(previous.stream().allMatch(p -> p == null));
        assertEquals(1, w.transcript.lines().stream().filter(l -> l.contains("outside a transition")).count());
    }

    // ---------------------------------------------------------------------------------------------
    // Copies, failures, re-entry

    @Test
    void everyCopyGetsItsOwnCallbacksOldestFirst() {
        Object l2 = cb.loader("L2");
        cb.load(MOD, l1);
        cb.load(MOD, l2);
        lp.enable(demo("demo", false, List.of(), MOD));
        rmmod(MOD, l1);
        lp.disable("demo");
        List<String> both = List.of("mod@L1 -> LIVE", "mod@L2 -> LIVE");
        assertEquals(lines(en("demo", both, both),
                List.of("demo: pre_unpatch_callback: mod@L1 -> GOING",
                        msg("reverting patch 'demo' on unloading module 'mod'"),
                        "demo: post_unpatch_callback: mod@L1 -> GOING"),
                dis("demo", List.of("mod@L2 -> LIVE"), List.of("mod@L2 -> LIVE"))), w.transcript.take());
    }

    @Test
    void aGoneCopyIsNotPatchedAgainByLaterPatches() {
        cb.load(MOD, l1);
        lp.enable(demo("demo", false, List.of(), MOD));
        lp.modules().going(l1, List.of(MOD)); // announced, but the class is still loaded for a while
        assertFalse(lp.modules().isAlive(MOD, l1));
        w.transcript.take();
        lp.enable(demo("later", false, List.of(), MOD));
        assertEquals(en("later", List.of(), List.of()), w.transcript.take());
    }

    @Test
    void goingForAClassNoPatchNamesSaysNothing() {
        lp.enable(demo("demo", false, List.of(), VMLINUX));
        w.transcript.take();
        lp.modules().going(l1, List.of("other"));
        assertEquals(List.of(), w.transcript.take());
        assertTrue(lp.modules().isAlive("other", l1));
    }

    @Test
    void failingCallbacksOtherThanPrePatchAreReportedAndTheOperationGoesOn() {
        cb.throwFromOthers("demo");
        lp.enable(demo("demo", false, List.of(), VMLINUX));
        lp.disable("demo");
        assertEquals(List.of(
                msg("enabling patch 'demo'"),
                msg("'demo': initializing patching transition"),
                "demo: pre_patch_callback: vmlinux",
                msg("'demo': starting patching transition"),
                msg("'demo': completing patching transition"),
                "demo: post_patch_callback: vmlinux",
                msg("'demo': post-patch callback failed for object 'vmlinux' (java.lang.IllegalStateException: callback bug)"),
                msg("'demo': patching complete"),
                msg("'demo': initializing unpatching transition"),
                "demo: pre_unpatch_callback: vmlinux",
                msg("'demo': pre-unpatch callback failed for object 'vmlinux' (java.lang.IllegalStateException: callback bug)"),
                msg("'demo': starting unpatching transition"),
                msg("'demo': completing unpatching transition"),
                "demo: post_unpatch_callback: vmlinux",
                msg("'demo': post-unpatch callback failed for object 'vmlinux' (java.lang.IllegalStateException: callback bug)"),
                msg("'demo': unpatching complete")), w.transcript.take());
        assertEquals(List.of(), lp.patches());
    }

    @Test
    void callbacksCannotStartOperationsButMayReadTheStatus() {
        lp.enable(World.patch("other", World.F1));
        List<String> seen = new ArrayList<>();
        cb.onRun(c -> {
            LivepatchException e = assertThrows(LivepatchException.class, () -> lp.disable("other"));
            assertTrue(e.isBusy(), e.getMessage());
            seen.add(e.getMessage());
            seen.add(lp.patches().size() + " listed");
            assertThrows(IllegalStateException.class, () -> lp.modules().going(l1, List.of(MOD)));
        });
        lp.enable(demo("demo", false, List.of(), VMLINUX));
        assertEquals(List.of("cannot disable patch 'other': called from a patch callback, while another operation runs (busy)",
                "2 listed"), seen.subList(0, 2));
        assertEquals(2, lp.patches().size(), "the enable itself went through");
    }

    @Test
    void objectsWithCallbacksOnlyAreObjectsForTheTransformer() {
        lp.enable(demo("demo", false, List.of(), VMLINUX, MOD));
        assertTrue(lp.modules().isObject(MOD));
        assertEquals(Set.of(), w.woven(MOD), "nothing to weave");
        lp.disable("demo");
        assertFalse(lp.modules().isObject(MOD));
    }

    @Test
    void withoutARunnerObjectsHaveNoLoadedCopiesForCallbacks() {
        World plain = new World();
        plain.livepatch.enable(demo("demo"));
        plain.livepatch.disable("demo");
        assertEquals(lines(en("demo", List.of(), List.of()), dis("demo", List.of(), List.of())), plain.transcript.take());
    }
}
