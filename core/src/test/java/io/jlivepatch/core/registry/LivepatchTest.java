package io.jlivepatch.core.registry;

import static io.jlivepatch.core.registry.World.F1;
import static io.jlivepatch.core.registry.World.F2;
import static io.jlivepatch.core.registry.World.GREETER;
import static io.jlivepatch.core.registry.World.OTHER;
import static io.jlivepatch.core.registry.World.X;
import static io.jlivepatch.core.registry.World.frame;
import static io.jlivepatch.core.registry.World.msg;
import static io.jlivepatch.core.registry.World.patch;
import static io.jlivepatch.core.registry.World.ref;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlivepatch.core.model.Patch;
import io.jlivepatch.core.transition.Blocker;
import io.jlivepatch.core.event.LivepatchListener.Level;
import io.jlivepatch.core.transition.PatchState;
import io.jlivepatch.core.transition.Transition;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The registry facade on fakes: enable, disable, stacking, busy, reverse, force, failures, refusals. */
class LivepatchTest {

    private final World w = new World();
    private final Livepatch lp = w.livepatch;

    @Test
    void enableRoutesSteadyAtThePatchVersionWithTheKernelTranscript() {
        Thread idle = w.threads.thread("idle");
        lp.enable(patch("p", F1));

        assertEquals(List.of(
                msg("enabling patch 'p'"),
                msg("'p': initializing patching transition"),
                msg("'p': starting patching transition"),
                msg("'p': completing patching transition"),
                msg("'p': patching complete")), w.transcript.all());
        w.assertSteady("p", F1);
        assertEquals("p", w.call(idle, F1));
        assertEquals(Set.of(ref(F1)), w.woven(GREETER));
        assertEquals(List.of(Map.of(GREETER, Set.of(ref(F1)))), w.redefiner.calls(), "one weave, seeing f1");
        assertEquals(Set.of("p/" + GREETER), w.table.prepared());
        assertNull(lp.transition());
        assertFalse(lp.isInTransition());
        assertEquals(List.of("p@1: demo.Greeter[f1]"), w.listing());
        PatchStatus status = lp.patches().get(0);
        assertTrue(status.enabled());
        assertEquals("sha-p", status.sha256());
        assertTrue(status.objects().get(0).loaded());
        assertTrue(status.objects().get(0).patched());
    }

    @Test
    void disableUnpatchesWithTheKernelTranscriptAndUnweaves() {
        Thread idle = w.threads.thread("idle");
        lp.enable(patch("p", F1));
        w.transcript.take();

        lp.disable("p");

        assertEquals(List.of(
                msg("'p': initializing unpatching transition"),
                msg("'p': starting unpatching transition"),
                msg("'p': completing unpatching transition"),
                msg("'p': unpatching complete")), w.transcript.take());
        assertEquals("original", w.call(idle, F1));
        w.assertSteady("original", F1);
        assertEquals(Set.of(), w.woven(GREETER));
        assertEquals(Set.of(), w.redefiner.carried(GREETER), "the class is back to its original bytes");
        assertEquals(List.of(F1), w.table.forgotten());
        assertEquals(List.of("p"), w.table.released());
        assertEquals(List.of(), lp.patches());
    }

    @Test
    void stackedPatchesNewestWinsAndDisablingTheNewestShowsTheOlder() {
        Thread t = w.threads.thread("t");
        lp.enable(patch("a", F1));
        lp.enable(patch("b", F1));
        assertEquals("b", w.call(t, F1));
        assertEquals(List.of("a@1: demo.Greeter[f1]", "b@2: demo.Greeter[f1]"), w.listing());
        assertEquals(1, w.redefiner.calls().size(), "the second patch of f1 only retargets");

        lp.disable("b");
        assertEquals("a", w.call(t, F1));
        w.assertSteady("a", F1);
        assertEquals(Set.of(ref(F1)), w.woven(GREETER));
        assertEquals(List.of("a@1: demo.Greeter[f1]"), w.listing());

        lp.disable("a");
        assertEquals("original", w.call(t, F1));
    }

    @Test
    void disablingTheOlderStackedPatchFirstLeavesTheNewestWinning() {
        Thread t = w.threads.thread("t");
        lp.enable(patch("a", F1));
        lp.enable(patch("b", F1));

        lp.disable("a");
        assertEquals("b", w.call(t, F1));
        w.assertSteady("b", F1);
        assertEquals(List.of("b@1: demo.Greeter[f1]"), w.listing());
        assertEquals(List.of("a"), w.table.released());

        lp.disable("b");
        assertEquals("original", w.call(t, F1));
        assertEquals(Set.of(), w.woven(GREETER));
    }

    @Test
    void disablingTheOlderPatchDoesNotTouchTheRouteTheNewerOneOwns() {
        Thread sleeper = w.threads.thread("sleeper");
        lp.enable(patch("a", F1));
        lp.enable(patch("b", F1));
        int routesBefore = w.table.routeCalls().size();
        w.threads.setFrames(sleeper, List.of(frame(F1)));

        lp.disable("a");
        w.assertSteady("b", F1);
        assertEquals(routesBefore, w.table.routeCalls().size(), "no switching route while b is on top");
    }

    @Test
    void blockedTransitionStaysPendingShowsBlockersRefusesOtherOperationsAsBusyAndCompletesWhenClear() {
        Thread idle = w.threads.thread("idle");
        Thread worker = w.threads.thread("worker");
        lp.enable(patch("other", X));
        w.threads.setFrames(worker, List.of(
                new StackTraceElement("java.lang.Object", "wait", "Object.java", 1), frame(F1)));
        w.transcript.take();

        lp.enable(patch("p", F1));

        assertEquals(List.of(
                msg("enabling patch 'p'"),
                msg("'p': initializing patching transition"),
                msg("'p': starting patching transition")), w.transcript.take());
        assertEquals(List.of(msg("klp_try_switch_task: worker is sleeping on function demo.Greeter.f1(Greeter.java:42)")),
                w.transcript.all().subList(w.transcript.all().size() - 1, w.transcript.all().size()));
        assertTrue(lp.isInTransition());
        TransitionStatus status = lp.transition();
        assertEquals("p", status.patch());
        assertEquals(PatchState.PATCHED, status.target());
        assertEquals(1, status.remaining());
        assertEquals(List.of(new Blocker("worker", "demo.Greeter.f1(Greeter.java:42)")), status.blockers());
        assertEquals(List.of("other@1: demo.Other[x]", "p@2 transition: demo.Greeter[f1]"), w.listing());
        w.assertSwitching("original", "p", F1);
        assertEquals("p", w.call(idle, F1), "the idle thread was switched by the first pass");

        LivepatchException enable = assertThrows(LivepatchException.class, () -> lp.enable(patch("q", F2)));
        assertTrue(enable.isBusy());
        LivepatchException disable = assertThrows(LivepatchException.class, () -> lp.disable("other"));
        assertTrue(disable.isBusy());
        assertEquals(List.of(), w.transcript.take(), "busy refusals print no enabling line");

        assertEquals(1, w.scheduler.runPending());
        assertTrue(lp.isInTransition(), "still blocked");
        assertEquals(List.of(), w.transcript.take());

        w.threads.setFrames(worker, List.of());
        w.scheduler.runPending();
        assertFalse(lp.isInTransition());
        assertEquals(List.of(
                msg("'p': completing patching transition"),
                msg("'p': patching complete")), w.transcript.take());
        w.assertSteady("p", F1);
        assertEquals("p", w.call(worker, F1));
        assertEquals(List.of("other@1: demo.Other[x]", "p@2: demo.Greeter[f1]"), w.listing());
    }

    @Test
    void retriesBackOffFromOneMillisecondAndReportBlockersOnPassesOneTwoFourEight() {
        Thread worker = w.threads.thread("worker");
        w.threads.setFrames(worker, List.of(frame(F1)));
        lp.enable(patch("p", F1));
        for (int i = 0; i < 9; i++) {
            w.scheduler.runPending();
        }
        assertEquals(List.of(1L, 2L, 4L, 8L, 16L, 32L, 64L, 128L, 250L, 250L), w.scheduler.delays());
        long blockedLines = w.transcript.all().stream().filter(l -> l.contains("klp_try_switch_task")).count();
        assertEquals(4, blockedLines, "passes 1, 2, 4 and 8 of 10");
    }

    /**
     * A first pass that throws (inside enable) is an incomplete pass: enable returns, the failure
     * is the transition's one blocker and a warning, and the next scheduled pass completes.
     */
    @Test
    void aFirstPassThatThrowsLeavesTheTransitionPendingAndTheNextPassCompletesIt() {
        Thread idle = w.threads.thread("idle");
        w.threads.throwOnNextSample(new IllegalStateException("test: the stack walk failed"));
        w.transcript.take();

        lp.enable(patch("p", F1));

        assertTrue(lp.isInTransition());
        assertEquals(List.of(new Blocker(Transition.FAILED_PASS,
                "(pass failed: java.lang.IllegalStateException: test: the stack walk failed)")),
                lp.transition().blockers());
        String warning = msg("'p': transition pass failed (java.lang.IllegalStateException: test: the stack walk"
                + " failed); retrying, as for a blocked pass");
        List<String> lines = w.transcript.take();
        assertTrue(lines.contains(warning), lines::toString);
        assertEquals(Level.WARNING, w.transcript.levels().get(w.transcript.all().indexOf(warning)));
        assertEquals(1, w.scheduler.pending(), "the next pass is scheduled");

        assertEquals(1, w.scheduler.runPending());
        assertFalse(lp.isInTransition());
        w.assertSteady("p", F1);
        assertEquals("p", w.call(idle, F1));
    }

    /**
     * A scheduled pass that throws schedules the next one, twice in a row (the second failure is
     * logged at debug only); once passes succeed again, the blocked thread is waited for as
     * usual and the transition completes when it leaves f1.
     */
    @Test
    void aRetryPassThatThrowsSchedulesTheNextAndTheTransitionCompletesOnceTheThreadLeaves() {
        Thread worker = w.threads.thread("worker");
        w.threads.setFrames(worker, List.of(frame(F1)));
        lp.enable(patch("p", F1));
        assertEquals(List.of(new Blocker("worker", "demo.Greeter.f1(Greeter.java:42)")), lp.transition().blockers());

        for (int i = 0; i < 2; i++) {
            w.threads.throwOnNextSample(new IllegalStateException("test: failure " + i));
            assertEquals(1, w.scheduler.runPending());
            assertTrue(lp.isInTransition(), "round " + i);
            assertEquals(1, w.scheduler.pending(), "a failed pass schedules the next one, round " + i);
            assertEquals("(pass failed: java.lang.IllegalStateException: test: failure " + i + ")",
                    lp.transition().blockers().get(0).frame());
        }
        List<Level> failureLevels = new java.util.ArrayList<>();
        for (int i = 0; i < w.transcript.all().size(); i++) {
            if (w.transcript.all().get(i).contains("transition pass failed")) {
                failureLevels.add(w.transcript.levels().get(i));
            }
        }
        assertEquals(List.of(Level.WARNING, Level.DEBUG), failureLevels, "a warning once per transition");

        w.scheduler.runPending();
        assertEquals(List.of(new Blocker("worker", "demo.Greeter.f1(Greeter.java:42)")), lp.transition().blockers(),
                "a pass that works again reports the real blocker");
        w.threads.setFrames(worker, List.of());
        w.scheduler.runPending();
        assertFalse(lp.isInTransition());
        w.assertSteady("p", F1);
        assertEquals("p", w.call(worker, F1));
    }

    @Test
    void aSecondDisableDuringTheUnpatchingTransitionIsRefusedAndReverseGoesBack() {
        Thread idle = w.threads.thread("idle");
        Thread worker = w.threads.thread("worker");
        lp.enable(patch("p", F1));
        w.threads.setFrames(worker, List.of(frame(F1)));
        lp.disable("p");
        assertEquals(PatchState.UNPATCHED, lp.transition().target());

        LivepatchException again = assertThrows(LivepatchException.class, () -> lp.disable("p"));
        assertEquals("patch 'p' is already being disabled", again.getMessage());
        assertFalse(again.isBusy());
        assertEquals(PatchState.UNPATCHED, lp.transition().target(), "refusal changes nothing");

        w.transcript.take();
        lp.reverse("p");
        assertEquals(List.of(
                msg("'p': reversing transition from unpatching to patching"),
                msg("'p': starting patching transition")), w.transcript.take());
        w.threads.setFrames(worker, List.of());
        w.scheduler.runPending();
        assertFalse(lp.isInTransition());
        assertEquals("p", w.call(idle, F1));
        assertThrows(LivepatchException.class, () -> lp.reverse("p"), "nothing in transition any more");
    }

    @Test
    void disablingTheTransitionPatchReversesItsTransition() {
        Thread idle = w.threads.thread("idle");
        Thread worker = w.threads.thread("worker");
        w.threads.setFrames(worker, List.of(frame(F1)));
        lp.enable(patch("p", F1));
        w.transcript.take();
        assertEquals("p", w.call(idle, F1));

        lp.disable("p");
        assertEquals(List.of(
                msg("'p': reversing transition from patching to unpatching"),
                msg("'p': starting unpatching transition")), w.transcript.take());
        assertEquals(PatchState.UNPATCHED, lp.transition().target());
        assertEquals(List.of("p@1 disabled transition: demo.Greeter[f1]"), w.listing());

        w.scheduler.runPending();
        assertEquals(List.of(
                msg("'p': completing unpatching transition"),
                msg("'p': unpatching complete")), w.transcript.take());
        assertFalse(lp.isInTransition());
        assertEquals(List.of(), lp.patches());
        assertEquals("original", w.call(idle, F1));
        assertEquals(Set.of(), w.woven(GREETER));
        assertEquals(List.of("p"), w.table.released());
    }

    @Test
    void reversingLeavesOneRetryChainSoEachRoundRunsOnePass() {
        Thread worker = w.threads.thread("worker");
        Thread idle = w.threads.thread("idle");
        w.threads.setFrames(worker, List.of(frame(F1)));
        lp.enable(patch("p", F1));
        assertEquals("p", w.call(idle, F1));
        w.threads.setFrames(idle, List.of(frame(F1))); // now idle blocks the way back

        lp.disable("p");
        for (int round = 0; round < 3; round++) {
            int samples = w.threads.sampled().size();
            w.scheduler.runPending();
            assertEquals(samples + 1, w.threads.sampled().size(), "one pass per round, round " + round);
            assertEquals(1, w.scheduler.pending(), "one retry waiting, round " + round);
        }
        assertTrue(lp.isInTransition());
    }

    @Test
    void forceCompletesABlockedTransitionWithTheKernelWarning() {
        Thread worker = w.threads.thread("worker");
        w.threads.setFrames(worker, List.of(frame(F1)));
        lp.enable(patch("p", F1));
        w.transcript.take();

        lp.force("p");
        assertEquals(List.of(
                msg("forcing remaining tasks to the patched state"),
                msg("'p': completing patching transition"),
                msg("'p': patching complete")), w.transcript.take());
        assertFalse(lp.isInTransition());
        w.assertSteady("p", F1);
        assertEquals(List.of("p@1: demo.Greeter[f1]"), w.listing());
    }

    @Test
    void forceOfAnUnpatchingTransitionCompletesTheDisable() {
        Thread worker = w.threads.thread("worker");
        lp.enable(patch("p", F1));
        w.threads.setFrames(worker, List.of(frame(F1)));
        lp.disable("p");
        assertTrue(lp.isInTransition());
        w.transcript.take();

        lp.force("p");
        assertEquals(List.of(
                msg("forcing remaining tasks to the patched state"),
                msg("'p': completing unpatching transition"),
                msg("'p': unpatching complete")), w.transcript.take());
        assertEquals(List.of(), lp.patches());
        w.assertSteady("original", F1);
    }

    @Test
    void forceOfAPatchNotInTransitionIsRefusedNotBusy() {
        lp.enable(patch("p", F1));
        LivepatchException e = assertThrows(LivepatchException.class, () -> lp.force("p"));
        assertFalse(e.isBusy());
        assertTrue(e.getMessage().contains("'p' is not in transition"), e.getMessage());
    }

    @Test
    void prepareFailureLeavesEverythingAsBefore() {
        lp.enable(patch("a", F1));
        var routes = w.table.routeCalls();
        var redefines = w.redefiner.calls();
        var listing = w.listing();
        w.transcript.take();
        w.table.failPrepare(OTHER, "patch 'b': cannot prepare demo.Other.x()V: boom");

        LivepatchException e = assertThrows(LivepatchException.class, () -> lp.enable(patch("b", F2, X)));

        assertFalse(e.isBusy());
        assertTrue(e.getMessage().contains("boom"), e.getMessage());
        assertEquals(routes, w.table.routeCalls(), "no route changed");
        assertEquals(redefines, w.redefiner.calls(), "nothing retransformed");
        assertEquals(Set.of(ref(F1)), w.woven(GREETER));
        assertEquals(Set.of(), w.woven(OTHER));
        assertEquals(listing, w.listing());
        assertEquals(Set.of("a/" + GREETER), w.table.prepared(), "b's prepared code is released");
        assertFalse(lp.isInTransition());
        assertTrue(w.transcript.take().stream().noneMatch(l -> l.contains("enabling")));
    }

    @Test
    void redefineFailureRestoresTheClassesAndLeavesEverythingAsBefore() {
        lp.enable(patch("a", F1));
        var routes = w.table.routeCalls();
        var listing = w.listing();
        var carried = w.redefiner.carried();
        int redefines = w.redefiner.calls().size();
        w.transcript.take();
        w.redefiner.failNext(OTHER, "demo.Other.x()V: cannot weave");

        LivepatchException e = assertThrows(LivepatchException.class, () -> lp.enable(patch("b", F2, X)));

        assertFalse(e.isBusy());
        assertTrue(e.getMessage().contains("cannot weave"), e.getMessage());
        var calls = w.redefiner.calls();
        assertEquals(redefines + 2, calls.size(), "the failed weave, then one restore");
        assertEquals(Map.of(GREETER, Set.of(ref(F1), ref(F2)), OTHER, Set.of(ref(X))), calls.get(redefines));
        assertEquals(Map.of(GREETER, Set.of(ref(F1)), OTHER, Set.of()), calls.get(redefines + 1),
                "the restore sees the previous trampolines");
        assertEquals(carried.get(GREETER), w.redefiner.carried(GREETER), "greeter carries what it did before");
        assertEquals(Set.of(), w.redefiner.carried(OTHER));
        assertEquals(Set.of(ref(F1)), w.woven(GREETER));
        assertEquals(Set.of(), w.woven(OTHER));
        assertEquals(Map.of(), lp.modules().weavePlan().fallback());
        assertEquals(routes, w.table.routeCalls());
        assertEquals(listing, w.listing());
        assertEquals(Set.of("a/" + GREETER), w.table.prepared());
        assertTrue(w.transcript.take().stream().noneMatch(l -> l.contains("enabling")));
    }

    @Test
    void duplicatePatchNameIsRefusedNotBusy() {
        lp.enable(patch("p", F1));
        w.transcript.take();
        LivepatchException e = assertThrows(LivepatchException.class, () -> lp.enable(patch("p", F2)));
        assertFalse(e.isBusy());
        assertEquals(List.of(msg("patch 'p' is already enabled")), w.transcript.take());
        assertEquals(List.of("p@1: demo.Greeter[f1]"), w.listing());
        assertEquals(Set.of(ref(F1)), w.woven(GREETER));
    }

    @Test
    void patchOfADeniedJdkClassIsRefusedBeforeAnythingHappens() {
        Patch p = patch("p", World.key("java.lang.String", "length"));
        LivepatchException e = assertThrows(LivepatchException.class, () -> lp.enable(p));
        assertFalse(e.isBusy());
        assertTrue(e.getMessage().contains("java.lang.String"), e.getMessage());
        assertEquals(List.of(), lp.patches());
        assertEquals(List.of(), w.redefiner.calls());
        assertEquals(Set.of(), w.table.prepared());
        assertTrue(w.transcript.all().stream().noneMatch(l -> l.contains("enabling")));
    }

    @Test
    void disableOfAnUnknownPatchIsRefusedNotBusy() {
        LivepatchException e = assertThrows(LivepatchException.class, () -> lp.disable("nope"));
        assertFalse(e.isBusy());
        assertEquals(List.of(msg("no enabled patch named 'nope'")), w.transcript.all());
    }

    @Test
    void patchOfAClassNotLoadedYetIsEnabledWovenForLaterAndNotPrepared() {
        String later = "demo.Later";
        Thread t = w.threads.thread("t");
        lp.enable(patch("p", World.key(later, "y")));
        assertEquals(List.of("p@1: demo.Later(not loaded)[y]"), w.listing());
        assertFalse(lp.patches().get(0).objects().get(0).patched());
        assertEquals(List.of(), w.redefiner.calls(), "nothing loaded to retransform");
        assertEquals(Set.of(), w.table.prepared());
        assertEquals(Set.of(World.key(later, "y").method()), w.woven(later), "woven when it loads");
        assertEquals("p", w.call(t, World.key(later, "y")));
    }

    @Test
    void duringAWeaveTheTransformerSeesThePreviousTrampolinesAsFallbackAndAfterwardsNone() {
        lp.enable(patch("a", F1));
        lp.enable(patch("b", F2, X));
        assertEquals(Map.of(GREETER, Set.of(ref(F1)), OTHER, Set.of()), w.redefiner.fallbacks().get(1));
        assertEquals(Map.of(GREETER, Set.of(ref(F1), ref(F2)), OTHER, Set.of(ref(X))), w.redefiner.calls().get(1));
        assertEquals(Map.of(), lp.modules().weavePlan().fallback());
    }

    @Test
    void anObjectWhoseLoadedCopyMisfitsItsFingerprintIsNotPatched() {
        String later = "demo.Later";
        lp.enable(patch("p", World.key(later, "y"), F1));
        Object loader = new Object();
        w.redefiner.load(later);
        // What the transformer does with a loading copy that is not the code the patch was built against.
        lp.modules().loadFailed(later, loader, "patch 'p': demo.Later.y()V is not the code it was built against");

        PatchStatus.ObjectStatus status = lp.patches().get(0).objects().get(0);
        assertEquals(later, status.name());
        assertTrue(status.loaded());
        assertFalse(status.patched(), "its only copy loaded unpatched");
        assertTrue(lp.patches().get(0).objects().get(1).patched(), "the other object is patched");
    }

    @Test
    void anObjectWithOneCopyThatCouldNotBeWovenIsNotPatchedThoughAnotherCopyIs() {
        String later = "demo.Later";
        lp.enable(patch("p", World.key(later, "y")));
        w.redefiner.load(later);
        assertTrue(lp.modules().coming(later, new Object()));
        assertTrue(lp.patches().get(0).objects().get(0).patched(), "one copy, patched");

        lp.modules().loadFailed(later, new Object(), "cannot weave y()V");

        assertFalse(lp.patches().get(0).objects().get(0).patched(), "a second copy loaded unpatched");
    }

    @Test
    void anObjectWhoseCopyIsAnnouncedGoingIsNotPatched() {
        String later = "demo.Later";
        lp.enable(patch("p", World.key(later, "y")));
        Object loader = new Object();
        w.redefiner.load(later);
        assertTrue(lp.modules().coming(later, loader));

        lp.modules().going(loader, List.of(later));

        assertFalse(lp.patches().get(0).objects().get(0).patched(), "reverted on going, as the kernel's klp_module_going");
    }

    @Test
    void aLoadingClassIsReportedForEachActivePatchThatPatchesIt() {
        String later = "demo.Later";
        lp.enable(patch("p", World.key(later, "y")));
        lp.enable(patch("q", F1));
        lp.enable(patch("r", World.key(later, "z")));
        w.transcript.take();

        Object loader = new Object();
        Object another = new Object();
        assertTrue(lp.modules().coming(later, loader));
        lp.modules().loadFailed(later, another, "cannot weave z()V");
        assertTrue(lp.modules().coming("demo.Unrelated", loader));
        assertTrue(lp.modules().isAlive(later, loader));
        assertFalse(lp.modules().isAlive(later, another), "a copy that could not be woven stays unpatched");
        assertEquals(List.of(
                msg("applying patch 'p' to loading module 'demo.Later'"),
                msg("applying patch 'r' to loading module 'demo.Later'"),
                msg("failed to apply patch 'p' to module 'demo.Later' (cannot weave z()V)"),
                msg("failed to apply patch 'r' to module 'demo.Later' (cannot weave z()V)")), w.transcript.take());
    }
}
