package io.jlivepatch.core.registry;

import static io.jlivepatch.core.registry.World.F1;
import static io.jlivepatch.core.registry.World.F2;
import static io.jlivepatch.core.registry.World.F3;
import static io.jlivepatch.core.registry.World.F4;
import static io.jlivepatch.core.registry.World.GREETER;
import static io.jlivepatch.core.registry.World.OTHER;
import static io.jlivepatch.core.registry.World.X;
import static io.jlivepatch.core.registry.World.frame;
import static io.jlivepatch.core.registry.World.msg;
import static io.jlivepatch.core.registry.World.patch;
import static io.jlivepatch.core.registry.World.ref;
import static io.jlivepatch.core.registry.World.replace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlivepatch.core.funcstack.FakeDispatchTable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Atomic replace (livepatch-semantics §4), the case that motivated it: A changes f1 (and x of
 * another class); B, a replace patch, reverts f1 and x and changes f2 and f3.
 */
class AtomicReplaceTest {

    private final World w = new World();
    private final Livepatch lp = w.livepatch;
    private final FakeDispatchTable table = w.table;
    private final Thread idle = w.threads.thread("idle");
    private final Thread sleeper = w.threads.thread("sleeper");

    /** A enabled; B's transition blocked by sleeper, which sleeps in original f2. */
    private void replaceInTransition() {
        lp.enable(patch("a", F1, X));
        w.threads.setFrames(sleeper, List.of(frame(F2)));
        w.transcript.take();
        lp.enable(replace("b", F2, F3));
        assertTrue(lp.isInTransition());
        enableLines = w.transcript.take();
    }

    private List<String> enableLines;

    /** sleeper's calls nested in its f2 frame, as "who ran" for f1, f2, f3, x. */
    private List<String> sleeperRuns() {
        return List.of(nested(F1), nested(F2), nested(F3), nested(X));
    }

    private String nested(io.jlivepatch.core.funcstack.MethodKey method) {
        return w.call(sleeper, method);
    }

    private List<String> idleRuns() {
        return List.of(w.call(idle, F1), w.call(idle, F2), w.call(idle, F3), w.call(idle, X));
    }

    @Test
    void duringTheReplaceTransitionUnswitchedThreadsRunTheOldSetAndSwitchedThreadsTheNewSet() {
        replaceInTransition();

        assertEquals(List.of("a", "original", "original", "a"), sleeperRuns(), "unswitched: A's f1 and x");
        assertEquals(List.of("original", "b", "b", "original"), idleRuns(), "switched: nops and B's code");
        w.assertSwitching("a", "original", F1);
        w.assertSwitching("a", "original", X);
        w.assertSwitching("original", "b", F2);
        assertEquals(List.of(
                "a@1: demo.Greeter[f1] demo.Other[x]",
                "b@2 transition replace: demo.Greeter[f2,f3,f1=nop] demo.Other[x=nop]"), w.listing());
        assertEquals(List.of(
                msg("enabling patch 'b'"),
                msg("'b': initializing patching transition"),
                msg("'b': starting patching transition")), enableLines, "no lines for the replaced patch");
    }

    @Test
    void afterTheReplaceCompletesOnlyItIsListedWithoutNopsAndTheRevertedMethodsAreUnwoven() {
        replaceInTransition();
        int redefines = w.redefiner.calls().size();

        w.threads.setFrames(sleeper, List.of());
        w.scheduler.runPending();

        assertFalse(lp.isInTransition());
        assertEquals(List.of(
                msg("'b': completing patching transition"),
                msg("'b': patching complete")), w.transcript.take(), "no lines for the replaced patch");
        assertEquals(List.of("b@1 replace: demo.Greeter[f2,f3]"), w.listing());
        assertEquals(1, lp.patches().get(0).stackOrder());
        assertEquals(List.of("original", "b", "b", "original"), idleRuns());
        assertEquals(List.of("original", "b", "b", "original"), sleeperRuns());
        assertEquals(Set.of(ref(F2), ref(F3)), w.woven(GREETER));
        assertEquals(Set.of(), w.woven(OTHER));
        assertEquals(redefines + 1, w.redefiner.calls().size(), "one retransformation unweaves both classes");
        assertEquals(Map.of(GREETER, Set.of(ref(F2), ref(F3)), OTHER, Set.of()),
                w.redefiner.calls().get(redefines));
        assertTrue(table.forgotten().containsAll(List.of(F1, X)));
        assertEquals(List.of("a"), table.released());
        assertTrue(table.prepared().stream().noneMatch(p -> p.startsWith("a/")), "A's code released");
    }

    @Test
    void reversingTheReplaceTransitionReturnsToTheReplacedPatch() {
        replaceInTransition();
        assertEquals("b", w.call(idle, F2));

        lp.disable("b");
        assertEquals(List.of(
                msg("'b': reversing transition from patching to unpatching"),
                msg("'b': starting unpatching transition")), w.transcript.take());
        w.scheduler.runPending();

        assertFalse(lp.isInTransition());
        assertEquals(List.of(
                msg("'b': completing unpatching transition"),
                msg("'b': unpatching complete")), w.transcript.take());
        assertEquals(List.of("a@1: demo.Greeter[f1] demo.Other[x]"), w.listing());
        assertEquals(List.of("a", "original", "original", "a"), idleRuns());
        w.assertSteady("a", F1);
        w.assertSteady("a", X);
        assertEquals(Set.of(ref(F1)), w.woven(GREETER));
        assertEquals(Set.of(ref(X)), w.woven(OTHER));
        assertEquals(List.of("b"), table.released());
    }

    @Test
    void disablingTheReplacePatchAfterwardsLeavesEverythingOriginal() {
        replaceInTransition();
        w.threads.setFrames(sleeper, List.of());
        w.scheduler.runPending();
        w.transcript.take();

        lp.disable("b");
        assertEquals(List.of(
                msg("'b': initializing unpatching transition"),
                msg("'b': starting unpatching transition"),
                msg("'b': completing unpatching transition"),
                msg("'b': unpatching complete")), w.transcript.take());
        assertEquals(List.of(), lp.patches());
        assertEquals(List.of("original", "original", "original", "original"), idleRuns());
        assertEquals(Set.of(), w.woven(GREETER));
        assertEquals(Set.of(), w.woven(OTHER));
        assertEquals(Set.of(), w.redefiner.carried(GREETER));
        assertEquals(Set.of(), w.redefiner.carried(OTHER));
    }

    @Test
    void nonReplacePatchLoadedAfterTheReplacePatchStaysWhenTheReplacePatchIsDisabled() {
        lp.enable(patch("a", F1));
        lp.enable(replace("b", F2));
        lp.enable(patch("c", F2, F4));
        assertEquals(List.of("b@1 replace: demo.Greeter[f2]", "c@2: demo.Greeter[f2,f4]"), w.listing());
        assertEquals("c", w.call(idle, F2));

        lp.disable("b");
        assertEquals(List.of("c@1: demo.Greeter[f2,f4]"), w.listing());
        assertEquals("c", w.call(idle, F2));
        assertEquals("c", w.call(idle, F4));
        assertEquals("original", w.call(idle, F1));
    }

    @Test
    void forcedReplaceMarksTheReplacedPatchesAndCompletes() {
        replaceInTransition();
        lp.force("b");
        assertEquals(List.of(
                msg("forcing remaining tasks to the patched state"),
                msg("'b': completing patching transition"),
                msg("'b': patching complete")), w.transcript.take());
        assertEquals(List.of("b@1 replace: demo.Greeter[f2,f3]"), w.listing());
        assertEquals(List.of("original", "b", "b", "original"), sleeperRuns(),
                "forced: sleeper runs the new set though it still sleeps in f2");
    }

    @Test
    void reversedDisableOfTheReplacePatchKeepsThePatchesEnabledAfterIt() {
        lp.enable(patch("a", F1));
        lp.enable(replace("b", F2));
        lp.enable(patch("c", F4));
        w.threads.setFrames(sleeper, List.of(frame(F2)));
        lp.disable("b");
        assertTrue(lp.isInTransition(), "sleeper in b's f2 blocks the disable");
        lp.reverse("b"); // the unpatching transition goes back to patching

        w.scheduler.runPending();
        assertFalse(lp.isInTransition());
        assertEquals(List.of("b@1 replace: demo.Greeter[f2]", "c@2: demo.Greeter[f4]"), w.listing());
        assertEquals("b", w.call(idle, F2));
        assertEquals("c", w.call(idle, F4));
        assertEquals(Set.of(ref(F2), ref(F4)), w.woven(GREETER));
        assertFalse(table.released().contains("c"));
    }

    @Test
    void aSecondReplacePatchDoesNotBringBackTheNopsOfTheFirst() {
        lp.enable(patch("a", F1));
        lp.enable(replace("b", F2));
        assertEquals(Set.of(ref(F2)), w.woven(GREETER));
        int redefines = w.redefiner.calls().size();
        w.threads.setFrames(sleeper, List.of(frame(F1))); // in original f1, which no patch changes now

        lp.enable(replace("c", F3));

        assertFalse(lp.isInTransition(), "f1 is no method of c's transition");
        assertEquals(List.of("c@1 replace: demo.Greeter[f3]"), w.listing());
        for (Map<String, Set<io.jlivepatch.core.model.MethodRef>> call
                : w.redefiner.calls().subList(redefines, w.redefiner.calls().size())) {
            assertFalse(call.getOrDefault(GREETER, Set.of()).contains(ref(F1)), "f1 woven again: " + call);
        }
        assertEquals(Set.of(ref(F3)), w.woven(GREETER));
        assertEquals("original", w.call(idle, F1));
    }
}
