package io.jlivepatch.core.transition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlivepatch.core.funcstack.FakeDispatchTable;
import io.jlivepatch.core.funcstack.FakeDispatchTable.Guard;
import io.jlivepatch.core.funcstack.FakeDispatchTable.Site;
import io.jlivepatch.core.funcstack.MethodKey;
import io.jlivepatch.core.funcstack.Route;
import io.jlivepatch.core.funcstack.Version;
import io.jlivepatch.core.model.MethodRef;
import io.jlivepatch.core.model.Patch;
import io.jlivepatch.core.model.PatchFunc;
import io.jlivepatch.core.model.PatchObject;
import io.jlivepatch.core.model.Replacement;
import io.jlivepatch.core.registry.FakeRedefiner;
import io.jlivepatch.core.registry.Livepatch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The holes a review of the protocol as implemented found with SPIN (issue 12,
 * {@code ../shared/docs/review/consistency-holes.md}), each replayed step by step on fakes: the
 * first against {@link Transition} with a probe between its reads of shared variables, the others
 * against the registry ({@link Livepatch}), whose fake dispatch table publishes one call site at a
 * time like the agent's. Each test fails without its fix.
 */
class ConsistencyHolesTest {

    /**
     * Hole 1. {@code enter} used to read the start gate three times in one decision; a nested visit
     * whose second read saw the gate closed skipped the nesting check, and whose third read saw it
     * open switched itself: f ran old, g new. The worker calls f before {@code start()} (entry in
     * the initial state), then g nested in f, and {@code start()} runs before each of the shared
     * reads of g's visit in turn, every one of them: no position may switch the worker.
     */
    @Test
    void backoffReadsTheGateOnce() {
        int positions = 0;
        for (int point = 0; ; point++) {
            Fixture fx = new Fixture();
            Thread worker = fx.threads.thread("worker");
            fx.steady(Map.of(Fixture.F, Version.ORIGINAL, Fixture.G, Version.ORIGINAL));
            int[] reads = {0};
            boolean[] armed = {false};
            boolean[] startedThere = {false};
            Transition[] transition = new Transition[1];
            int startBefore = point;
            transition[0] = new Transition("p", PatchState.PATCHED, Fixture.METHODS, fx.threads, variable -> {
                if (armed[0] && reads[0]++ == startBefore) {
                    transition[0].start();
                    startedThere[0] = true;
                }
            });
            fx.switching(transition[0], Fixture.F, Fixture.G); // begin(): routes switching, not started
            Version f = fx.table.call(worker, Fixture.F);        // un-nested, before start: no switch
            armed[0] = true;
            Version g = fx.table.call(worker, Fixture.G);        // nested in f; start() lands in it

            if (!startedThere[0]) {
                break; // every read of g's visit has had start() before it
            }
            positions++;
            assertEquals("old", Fixture.side(f));
            assertEquals(Fixture.side(f), Fixture.side(g),
                    "start() before shared read " + point + " of g's visit: f ran " + f + " but g ran " + g);
            assertFalse(transition[0].isPatched(worker), "a nested visit switched the worker");
        }
        assertTrue(positions >= 2, "start() must have landed before the target read and before the gate read");
    }

    // ---------------------------------------------------------------------------------------------
    // Hole 2: a thread born after the snapshot, during completion's site-by-site publication

    private static final String SERVICE = "demo.Service";
    private static final String OTHER = "demo.Other";
    private static final MethodKey F = new MethodKey(SERVICE, new MethodRef("f", "()V"));
    private static final MethodKey G = new MethodKey(SERVICE, new MethodRef("g", "()V"));
    private static final MethodKey G_OTHER = new MethodKey(OTHER, new MethodRef("g", "()V"));

    private final FakeThreadStacks threads = new FakeThreadStacks();
    private final FakeDispatchTable table = new FakeDispatchTable(threads);
    private final FakeRedefiner redefiner = new FakeRedefiner();
    private final List<String> log = new ArrayList<>();
    private final Livepatch livepatch = new Livepatch(redefiner, table, threads, new FakeScheduler(),
            (level, text) -> log.add(text));

    {
        redefiner.bind(livepatch.modules()::weavePlan);
        redefiner.load(SERVICE);
        redefiner.load(OTHER);
    }

    /** A patch that replaces each of {@code methods} (nothing else), or declares an empty object for a class with none. */
    private static Patch patch(String name, boolean replace, Map<String, List<MethodKey>> objects) {
        String holder = "patch." + name + ".Code";
        List<PatchObject> list = new ArrayList<>();
        objects.forEach((className, methods) -> list.add(new PatchObject(className, methods.stream()
                .map(m -> PatchFunc.of(m.method(), new Replacement(holder,
                        new MethodRef(m.method().name(), "(L" + className.replace('.', '/') + ";)V"))))
                .toList())));
        return new Patch(name, replace, List.of(), list, Map.of(holder, new byte[] {1}), "sha-" + name);
    }

    private static Patch patch(String name, boolean replace, MethodKey... methods) {
        Map<String, List<MethodKey>> objects = new LinkedHashMap<>();
        for (MethodKey method : methods) {
            objects.computeIfAbsent(method.className(), k -> new ArrayList<>()).add(method);
        }
        return patch(name, replace, objects);
    }

    private static String who(Version version) {
        return version.isOriginal() ? "original" : ((Version.Replaced) version).patch().name();
    }

    /**
     * Runs {@code step} inside the next completion's publication, right after {@code method}'s guard
     * became steady (the routes published at begin are switching, so it waits for a steady one).
     */
    private void afterSteadyGuard(MethodKey method, Runnable step) {
        table.afterPublishing(Site.GUARD, method, new Runnable() {
            @Override
            public void run() {
                if (table.published(method) instanceof Route.Steady) {
                    step.run();
                } else {
                    table.afterPublishing(Site.GUARD, method, this);
                }
            }
        });
    }

    /**
     * A request thread born now (after the snapshot, so without an entry) calls {@code outer}, which
     * calls {@code inner}; returns who ran each, "outer/inner". Hook for {@link #afterSteadyGuard}.
     */
    private Runnable request(MethodKey outer, MethodKey inner, String[] ran) {
        return () -> {
            Thread fresh = threads.unborn("request");
            threads.born(fresh);
            String o = who(table.call(fresh, outer));
            String i = who(table.call(fresh, inner));
            table.exit(fresh);
            table.exit(fresh);
            threads.end(fresh);
            ran[0] = o + "/" + i;
        };
    }

    /**
     * Enable of a fresh patch (both methods changed). Completion publishes f's steady guard (p's f)
     * while g's is still switching: the request runs p's f, and its first visit, g's guard, is
     * nested. It used to take the pre-transition side: the original g under p's f.
     */
    @Test
    void nestedFirstVisitDuringCompletionChangedChanged() {
        String[] ran = new String[1];
        afterSteadyGuard(F, request(F, G, ran));

        livepatch.enable(patch("p", false, F, G));

        assertEquals("p/p", ran[0]);
        assertEquals(0, table.redispatches());
    }

    /**
     * Atomic replace: a changed f and g, b replaces f and has a nop for g. The request runs b's f
     * through the steady guard, then meets g's switching guard (a's g or the original). It used to
     * take the pre-transition side, a's g, whose redirect (already steady: the original body) has
     * nothing to run: the agent's table threw {@code IllegalStateException} into the call.
     */
    @Test
    void nestedFirstVisitDuringCompletionChangedNop() {
        livepatch.enable(patch("a", false, F, G));
        String[] ran = new String[1];
        afterSteadyGuard(F, request(F, G, ran));

        livepatch.enable(patch("b", true, F));

        assertEquals("b/original", ran[0]);
        assertEquals(0, table.redispatches(), "no redirect was taken for the original body");
    }

    /**
     * Atomic replace: a changed f only, b changes g (of another class) and has a nop for f, routed
     * first. The request runs the original f (b's side) through the steady guard, then meets g's
     * switching guard (original or b's g). It used to take the pre-transition side, the original g.
     */
    @Test
    void nestedFirstVisitDuringCompletionNopChanged() {
        livepatch.enable(patch("a", false, F));
        Map<String, List<MethodKey>> objects = new LinkedHashMap<>();
        objects.put(SERVICE, List.of()); // b names the class, so the nop for f comes first
        objects.put(OTHER, List.of(G_OTHER));
        String[] ran = new String[1];
        afterSteadyGuard(F, request(F, G_OTHER, ran));

        livepatch.enable(patch("b", true, objects));

        assertEquals(List.of(F, G_OTHER), table.routeCalls().subList(table.routeCalls().size() - 2,
                table.routeCalls().size()).stream().map(FakeDispatchTable.RouteCall::method).toList(),
                "completion routes the nop'd f before g");
        assertEquals("original/b", ran[0]);
    }

    /**
     * Disable. The request runs the original f through the steady guard, then meets g's switching
     * guard. It used to take the pre-transition side, p's g, whose redirect (already steady: the
     * original body) has nothing to run: the agent's table threw {@code IllegalStateException}.
     */
    @Test
    void nestedFirstVisitDuringCompletionDisable() {
        livepatch.enable(patch("p", false, F, G));
        String[] ran = new String[1];
        afterSteadyGuard(F, request(F, G, ran));

        livepatch.disable("p");

        assertEquals("original/original", ran[0]);
        assertEquals(0, table.redispatches(), "no redirect was taken for the original body");
    }

    /**
     * The window between the last pass and {@link Transition#completing}: a thread born after the
     * snapshot inside h (which a newer patch q owns, so this transition does not route it) calls f;
     * that first visit is nested, so it is created on the initial side after the pass found every
     * thread at the target. Completion must wait for another pass, or that thread's redirects would
     * meet steady routes its state does not match.
     */
    @Test
    void completingSeesAnEntryCreatedAfterTheLastPass() {
        Fixture fx = new Fixture();
        Transition transition = passedWithNoThread(fx);
        Thread late = lateNestedEntry(fx, transition);
        fx.table.exit(late);
        fx.table.exit(late);
        assertTrue(transition.tryComplete());
        assertTrue(transition.completing());
    }

    /** A patching transition of f and g (h is a newer patch q's, steady) whose first pass found no thread. */
    private static Transition passedWithNoThread(Fixture fx) {
        fx.steady(Map.of(Fixture.F, Version.ORIGINAL, Fixture.G, Version.ORIGINAL,
                Fixture.H, Fixture.version(Fixture.Q, Fixture.H)));
        Transition transition = fx.transition(PatchState.PATCHED);
        fx.switching(transition, Fixture.F, Fixture.G);
        transition.start();
        assertTrue(transition.tryComplete(), "no thread yet");
        return transition;
    }

    /**
     * A thread born after that pass enters h, then f (a nested first visit, so on the initial side),
     * and stays inside both; {@code completing()} must then report the late entry.
     */
    private static Thread lateNestedEntry(Fixture fx, Transition transition) {
        Thread late = fx.threads.unborn("late");
        fx.threads.born(late);
        assertEquals("q", Fixture.side(fx.table.call(late, Fixture.H)));
        assertEquals("old", Fixture.side(fx.table.call(late, Fixture.F)), "nested first visit before completing()");
        assertFalse(transition.completing(), "an entry on the initial side appeared after the pass");
        return late;
    }

    /**
     * The model's {@code REVERSE_KEEPS_COMPLETING}: a {@code completing()} that found a late entry
     * published nothing steady, so a reverse must clear the flag. Otherwise, once the transition is
     * reversed back, a redirect reached by a thread without an entry (its guard ran before the
     * switching routes) would answer the target while its guard chose the pre-transition side.
     */
    @Test
    void aReverseAfterACompletingThatFoundALateEntryClearsTheFlag() {
        Fixture fx = new Fixture();
        Transition transition = passedWithNoThread(fx);
        lateNestedEntry(fx, transition);

        transition.reverse();
        transition.reverse();

        assertFalse(transition.isCompleting(), "nothing steady was published");
        Thread fresh = fx.threads.unborn("request");
        fx.threads.born(fresh);
        assertFalse(transition.isPatched(fresh), "a redirect without an entry answers the pre-transition side");
    }

    /**
     * Hole 4, the reader's side: a thread born after the snapshot passes f's steady target guard
     * at completion, but its read of f's redirect site was satisfied before that (a weakly ordered
     * CPU) and saw the switching route. With both sides replacements the redirect asks the thread,
     * which has no entry: it must answer the target, the side the steady guard stands for.
     */
    @Test
    void aRedirectWithoutAnEntryDuringCompletionAnswersTheTarget() {
        Fixture fx = new Fixture();
        Transition transition = fx.transition(PatchState.PATCHED);
        fx.switching(transition, Fixture.F, Fixture.G);
        transition.start();
        assertTrue(transition.tryComplete());
        Thread fresh = fx.threads.unborn("request");
        fx.threads.born(fresh);
        assertFalse(transition.isPatched(fresh), "before completion: the pre-transition guard's side");

        assertTrue(transition.completing());

        assertTrue(transition.isPatched(fresh));
    }

    // ---------------------------------------------------------------------------------------------
    // Hole 3: force while a thread is between its guard and its redirect

    /**
     * A thread inside p's f (it blocks the disable) calls g: g's guard chooses p's g. Right there,
     * before its redirect, the transition is forced and completes. The redirect must give a working
     * answer: the route selects the original body now, so the call is made again and its guard
     * (steady) runs the original g. Force gives up consistency (p's f, then the original g), never
     * a call.
     */
    @Test
    void forceNeverThrowsIntoACall() {
        Thread worker = threads.thread("worker");
        livepatch.enable(patch("p", false, F, G));
        assertEquals("p", who(table.call(worker, F))); // inside p's f from now on
        livepatch.disable("p");
        assertNotNull(livepatch.transition(), "the worker's p's f blocks the disable");

        Guard atG = table.guard(worker, G);
        assertEquals("p", who(atG.chosen()), "nested: the worker keeps its side");
        livepatch.force("p");
        assertNull(livepatch.transition(), "forced and complete");

        assertEquals("original", who(table.redirect(atG)));
        assertEquals(1, table.redispatches());
        table.exit(worker);
        table.exit(worker);
    }

    /**
     * The same, forced but not yet complete: the redirect's route still switches, the thread's state
     * now names the original body, and the redirect runs the one replacement of its route, which is
     * what the guard chose.
     */
    @Test
    void forceBeforeCompletionLeavesTheHeldCallTheReplacementItsGuardChose() {
        Thread worker = threads.thread("worker");
        Transition transition = new Transition("p", PatchState.UNPATCHED, List.of(F, G), threads);
        table.route(F, new Route.Switching(Version.ORIGINAL, Fixture.version(Fixture.P, Fixture.F), transition));
        table.route(G, new Route.Switching(Version.ORIGINAL, Fixture.version(Fixture.P, Fixture.G), transition));
        table.sync();
        assertEquals("p", who(table.call(worker, F))); // inside p's f since before start()
        transition.start();
        Guard atG = table.guard(worker, G);
        assertEquals("p", who(atG.chosen()));

        transition.force();
        assertFalse(transition.isPatched(worker));

        assertEquals("p", who(table.redirect(atG)));
        assertEquals(0, table.redispatches());
    }
}
