package io.jlivepatch.core.transition;

import static io.jlivepatch.core.transition.Fixture.F;
import static io.jlivepatch.core.transition.Fixture.G;
import static io.jlivepatch.core.transition.Fixture.H;
import static io.jlivepatch.core.transition.Fixture.P;
import static io.jlivepatch.core.transition.Fixture.Q;
import static io.jlivepatch.core.transition.Fixture.side;
import static io.jlivepatch.core.transition.Fixture.version;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlivepatch.core.funcstack.FakeDispatchTable;
import io.jlivepatch.core.funcstack.FakeDispatchTable.Site;
import io.jlivepatch.core.funcstack.Route;
import io.jlivepatch.core.funcstack.Version;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The counterexample trails of the model's mutations (docs/consistency-model.md §3), replayed by hand
 * against {@link Transition}: each test fails when the mutation it names is put into the code (M2
 * only together with the nested rule removed, see its test).
 */
class TransitionMutationTest {

    private final Fixture fx = new Fixture();
    private final FakeThreadStacks threads = fx.threads;
    private final FakeDispatchTable table = fx.table;
    private final Version[] ran = new Version[2];

    private static void assertOneSide(Version f, Version g) {
        assertEquals(side(f), side(g), "f ran " + f + " but g ran " + g + " in the same stack");
    }

    /**
     * m1 (the chooser does not bump the counter) and m1b (the driver's CAS ignores the counter).
     * Disabling p while a newer patch q is on top of h: h stays steady, so a's visit to f is nested
     * (h is below) and cannot self-switch. The driver reads a's word and samples an empty stack; then
     * a enters h and f (f runs p's version); the driver's CAS must fail, or g runs the original.
     */
    @Test
    void m1_m1b_visitBetweenTheDriversReadAndItsCasMakesTheCasFail() {
        Thread a = threads.thread("a");
        fx.steady(Map.of(F, version(P, F), G, version(P, G), H, version(Q, H)));
        Transition transition = fx.transition(PatchState.UNPATCHED);
        fx.switching(transition, F, G);
        transition.start();

        threads.onNextSample(() -> {
            assertEquals("q", side(table.call(a, H)));
            ran[0] = table.call(a, F);
        });
        boolean complete = transition.tryComplete();
        ran[1] = table.call(a, G);

        assertEquals("new", side(ran[0]));
        assertOneSide(ran[0], ran[1]);
        assertFalse(complete);
        assertEquals(List.of(new Blocker("a", "(running)")), transition.blockers());
        assertTrue(transition.isPatched(a));
    }

    /**
     * m2 (creation rule switched before the snapshot), <b>masked</b> by the nested-first-visit rule
     * (1daaec6): this test fails under M2 only together with the model's {@code NO_NESTED_INITIAL}
     * (every first visit takes the creation rule); M2 alone passes here and in the model
     * (docs/consistency-model.md §3, "ablation-M2"). a is inside old f when the transition starts;
     * its g is resolved through the chooser just before the snapshot, so a has no entry yet and
     * creates one at a nested call: it must be the initial state, whatever the rule says then.
     */
    @Test
    void m2masked_nestedFirstVisitJustBeforeTheSnapshotGetsTheInitialState() {
        Thread a = threads.thread("a");
        fx.steady(Map.of(F, Version.ORIGINAL, G, Version.ORIGINAL));
        ran[0] = table.call(a, F);
        Transition transition = fx.transition(PatchState.PATCHED);
        fx.switching(transition, F, G);

        threads.onNextLiveThreads(() -> ran[1] = table.call(a, G));
        transition.start();

        assertNotNull(ran[1], "the hook ran before the snapshot");
        assertOneSide(ran[0], ran[1]);
        assertFalse(transition.isPatched(a));
    }

    /**
     * m3 (self-switch at a nested call site). a is inside old f; after start its g visit is nested
     * and must not switch it.
     */
    @Test
    void m3_nestedVisitAfterStartDoesNotSwitchTheThread() {
        Thread a = threads.thread("a");
        fx.steady(Map.of(F, Version.ORIGINAL, G, Version.ORIGINAL));
        ran[0] = table.call(a, F);
        Transition transition = fx.transition(PatchState.PATCHED);
        fx.switching(transition, F, G);
        transition.start();

        ran[1] = table.call(a, G);

        assertOneSide(ran[0], ran[1]);
        assertEquals(1, transition.remaining());
    }

    /**
     * m4 (creation rule = target from the start), the model's shortest M4 trail (00, P1, 24 steps):
     * the registry publishes the switching routes of f and g, redirects first, then the guards one
     * at a time. Right after f's guard switches (g's is still the steady old one), b, which has no
     * entry, calls f un-nested and then g. b's entry must be created on the initial side: with the
     * target, f's guard chooses p's f (the redirect runs the only replacement without asking) while
     * g's steady guard runs the original. The gate {@code started} does not help here: b does not
     * switch itself, its entry is born switched.
     */
    @Test
    void m4_firstUnnestedVisitBeforeStartTakesTheInitialStateWhileAGuardIsStillSteady() {
        Thread b = threads.thread("b");
        fx.steady(Map.of(F, Version.ORIGINAL, G, Version.ORIGINAL));
        Transition transition = fx.transition(PatchState.PATCHED);
        table.afterPublishing(Site.GUARD, F, () -> {
            assertInstanceOf(Route.Steady.class, table.published(G), "g's guard is not switching yet");
            ran[0] = table.call(b, F);
            ran[1] = table.call(b, G);
            table.exit(b);
            table.exit(b);
        });

        fx.switching(transition, F, G);

        assertNotNull(ran[1], "b called f and g between the two guards' publication");
        assertOneSide(ran[0], ran[1]);
        assertEquals("old", side(ran[0]));
        assertFalse(transition.isStarted());
        assertFalse(transition.isPatched(b));
    }

    /**
     * UNSAMPLED_IS_EMPTY (the driver takes a missing sample for an empty stack and switches the
     * thread), the model's shortest trail with {@code UNSAMPLED_A} (00, P1, 45 steps): a is inside
     * old f when the transition starts, so the snapshot lists it with the initial state; the pass
     * reads its word, and its sample fails (a virtual thread whose walk fails, say). a is alive, so
     * it must block the pass "(no stack sample)" and keep its side: switched blind, its nested visit
     * of g would run p's g inside the old f. It switches itself at its next un-nested call.
     */
    @Test
    void unsampledIsEmpty_listedThreadWhoseSampleFailsInsideOldFBlocksAndKeepsItsSide() {
        Thread a = threads.unsampled("a");
        fx.steady(Map.of(F, Version.ORIGINAL, G, Version.ORIGINAL));
        ran[0] = table.call(a, F);
        Transition transition = fx.transition(PatchState.PATCHED);
        fx.switching(transition, F, G);
        transition.start();

        boolean complete = transition.tryComplete();
        ran[1] = table.call(a, G);

        assertOneSide(ran[0], ran[1]);
        assertFalse(complete, "a is alive and could not be sampled");
        assertEquals(List.of(new Blocker("a", "(no stack sample)")), transition.blockers());
        table.exit(a);
        table.exit(a);
        assertFalse(transition.tryComplete(), "its stack is clear now, but the driver cannot see that");
        assertEquals("new", side(table.call(a, F)), "its next un-nested call switches it");
        table.exit(a);
        assertTrue(transition.tryComplete());
    }

    /**
     * Fix C (flaw 2 of the model: stale target in the self-switch). a reads the target (patched) at
     * an un-nested f; before its switch CAS the driver reverses, finds every thread unpatched and
     * completes. a's self-switch must follow the new target, or f runs new and g (now steady old)
     * runs old.
     */
    @Test
    void fixC_selfSwitchFollowsAReverseThatHappenedAfterItReadTheTarget() {
        Thread a = threads.thread("a");
        Transition transition = fx.transition(PatchState.PATCHED);
        fx.switching(transition, F, G);
        transition.start();

        threads.onNextCurrentFrames(() -> {
            transition.reverse();
            assertTrue(transition.tryComplete());
        });
        ran[0] = table.call(a, F);
        fx.steady(Map.of(F, Version.ORIGINAL, G, Version.ORIGINAL)); // the registry completes
        ran[1] = table.call(a, G);

        assertOneSide(ran[0], ran[1]);
        assertEquals("old", side(ran[0]));
        assertFalse(transition.isPatched(a));
    }
}
