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
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlivepatch.core.funcstack.FakeDispatchTable;
import io.jlivepatch.core.funcstack.FakeDispatchTable.Guard;
import io.jlivepatch.core.funcstack.Route;
import io.jlivepatch.core.funcstack.Version;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The kernel's transition situations (transition.c), one per test, driven by hand on fakes. */
class TransitionTest {

    private final Fixture fx = new Fixture();
    private final FakeThreadStacks threads = fx.threads;
    private final FakeDispatchTable table = fx.table;

    private static final StackTraceElement WAIT = new StackTraceElement("java.lang.Object", "wait", "Object.java", 1);
    private static final StackTraceElement RUN = new StackTraceElement("java.lang.Thread", "run", "Thread.java", 2);

    /** Patching: steady old routes, then switching routes for f and g, then start. */
    private Transition startPatching() {
        fx.steady(Map.of(F, Version.ORIGINAL, G, Version.ORIGINAL));
        Transition transition = fx.transition(PatchState.PATCHED);
        fx.switching(transition, F, G);
        transition.start();
        return transition;
    }

    @Test
    void threadSleepingInOldFuncBlocksWithItsNameAndFrameUntilItsStackIsClear() {
        Thread worker = threads.thread("worker");
        Thread idle = threads.thread("idle");
        threads.setFrames(worker, List.of(WAIT, FakeDispatchTable.frame(F), RUN));
        Transition transition = startPatching();

        assertFalse(transition.tryComplete());
        assertEquals(List.of(new Blocker("worker", "demo.Service.f(Service.java:42)")), transition.blockers());
        assertEquals(1, transition.remaining());
        assertFalse(transition.isPatched(worker));
        assertTrue(transition.isPatched(idle), "the idle thread is switched by the same pass");

        threads.setFrames(worker, List.of(WAIT, RUN));
        assertTrue(transition.tryComplete());
        assertEquals(List.of(), transition.blockers());
        assertEquals(0, transition.remaining());
        assertTrue(transition.isPatched(worker));
    }

    @Test
    void threadSwitchesItselfAtAnUnnestedEnterWithoutTheDriver() {
        Thread a = threads.thread("a");
        Transition transition = startPatching();

        assertEquals("new", side(table.call(a, F)));
        assertEquals("new", side(table.call(a, G)), "g nested in f follows f");
        assertTrue(transition.isPatched(a));
        assertEquals(0, transition.remaining());

        table.exit(a);
        table.exit(a);
        assertTrue(transition.tryComplete());
        assertEquals(List.of(), threads.sampled(), "a switched thread is never sampled");
    }

    @Test
    void threadDoesNotSwitchItselfAtANestedEnter() {
        Thread a = threads.thread("a");
        fx.steady(Map.of(F, Version.ORIGINAL, G, Version.ORIGINAL));
        assertEquals("old", side(table.call(a, F)), "a is inside old f when the transition starts");
        Transition transition = fx.transition(PatchState.PATCHED);
        fx.switching(transition, F, G);
        transition.start();

        assertEquals("old", side(table.call(a, G)));
        assertFalse(transition.isPatched(a));
        assertEquals(1, transition.remaining());
        assertFalse(transition.tryComplete(), "a still has f and g on its stack");

        table.exit(a);
        table.exit(a);
        assertEquals("new", side(table.call(a, F)), "the next un-nested call switches");
        table.exit(a);
        assertTrue(transition.tryComplete());
    }

    @Test
    void nestedAnswerOfCurrentFramesPreventsTheSelfSwitch() {
        Thread a = threads.thread("a");
        Transition transition = startPatching();
        threads.answerCurrentFrames(2);

        assertEquals("old", side(table.call(a, F)));
        assertFalse(transition.isPatched(a));
    }

    @Test
    void threadBornAfterStartWhoseFirstVisitIsNestedStaysOnOneSideAndSwitchesWhenUnnested() {
        Thread late = threads.unborn("late");
        fx.steady(Map.of(H, version(Q, H)));
        Transition transition = startPatching();
        threads.born(late);

        // h belongs to the transition but a newer patch is on top of it: its route stays steady, so
        // late's first visit is f's, nested in h. A nested first visit takes the pre-transition
        // side (the outer frame may have been entered there: see VirtualThreadSnapshotTest); what
        // matters is that f and g of one stack agree, and that it switches once un-nested.
        assertEquals("q", side(table.call(late, H)));
        assertEquals("old", side(table.call(late, F)));
        assertEquals("old", side(table.call(late, G)));
        assertFalse(transition.isPatched(late));
        table.exit(late);
        table.exit(late);
        table.exit(late);
        assertEquals("new", side(table.call(late, F)), "un-nested now: it switches itself");
        table.exit(late);
        assertEquals(0, transition.remaining());
    }

    @Test
    void threadEnteringNestedBeforeStartGetsTheInitialStateAndStartKeepsIt() {
        Thread a = threads.thread("a");
        fx.steady(Map.of(F, Version.ORIGINAL, G, Version.ORIGINAL));
        assertEquals("old", side(table.call(a, F)));
        Transition transition = fx.transition(PatchState.PATCHED);
        fx.switching(transition, F, G);

        assertEquals("old", side(table.call(a, G)), "entry created before start: initial state");
        transition.start();
        assertFalse(transition.isPatched(a));
        assertEquals(1, transition.remaining());
    }

    /**
     * The snapshot is built from the listing, then published: a listed thread whose first visit
     * falls in between makes its own entry, which it keeps (no second one in the snapshot: the
     * driver would otherwise switch a copy whose counter never moves).
     */
    @Test
    void aListedThreadWhoseFirstVisitFallsBetweenListingAndPublicationKeepsItsOwnEntry() {
        Thread a = threads.thread("a");
        fx.steady(Map.of(F, Version.ORIGINAL, G, Version.ORIGINAL));
        assertEquals("old", side(table.call(a, F)));
        Transition transition = fx.transition(PatchState.PATCHED);
        fx.switching(transition, F, G);
        threads.afterNextLiveThreads(() ->
                assertEquals("old", side(table.call(a, G)), "nested first visit: the initial state"));
        transition.start();

        assertEquals(1, transition.trackedThreads(), "one entry for a");
        assertEquals(1, transition.remaining());
        assertFalse(transition.tryComplete(), "a is inside f: blocked");
        table.exit(a);
        table.exit(a);
        assertEquals("new", side(table.call(a, F)), "un-nested now: it switches itself");
        assertEquals(0, transition.remaining());
        assertTrue(transition.tryComplete());
    }

    @Test
    void threadDoesNotSwitchItselfBeforeStartAndDoesAtItsFirstUnnestedCallAfter() {
        Thread a = threads.thread("a");
        Transition transition = fx.transition(PatchState.PATCHED);
        fx.switching(transition, F, G);

        assertEquals("old", side(table.call(a, F)), "before start every thread runs the initial version");
        table.exit(a);
        transition.start();
        assertFalse(transition.isPatched(a));
        assertEquals("new", side(table.call(a, F)), "after start an un-nested call switches the thread");
        assertEquals(0, transition.remaining());
    }

    /**
     * Found by the forked-JVM stress test: the registry installs switching guards one method at a
     * time, so before start a thread may meet f's switching guard while g's guard is still steady.
     * A self-switch at f then would run f's new version and g's old one in one stack.
     */
    @Test
    void selfSwitchBeforeStartWouldMixWithAGuardNotYetSwitching() {
        Thread a = threads.thread("a");
        fx.steady(Map.of(F, version(P, F), G, version(P, G)));
        Transition transition = fx.transition(PatchState.UNPATCHED);
        table.route(F, new Route.Switching(Version.ORIGINAL, version(P, F), transition));
        table.sync(); // f's guard switches; g's is still the steady patched one

        Guard f = table.guard(a, F);
        Version g = table.call(a, G);
        assertEquals(side(table.redirect(f)), side(g), "f and g of one stack on the same side");
        table.exit(a);
    }

    /**
     * Virtual threads have no name unless their builder gives one: a blocker is then named by the
     * thread's id, so that {@code list}, the MBeans and the {@code load --timeout} reply can point
     * at it in a thread dump.
     */
    @Test
    @SuppressWarnings("deprecation") // Thread.getId(): threadId() is JDK 19+
    void anUnnamedThreadBlocksUnderItsId() {
        Thread unnamed = threads.thread("");
        threads.setFrames(unnamed, List.of(WAIT, FakeDispatchTable.frame(F), RUN));
        Transition transition = startPatching();

        assertFalse(transition.tryComplete());
        assertEquals(List.of(new Blocker("#" + unnamed.getId(), "demo.Service.f(Service.java:42)")),
                transition.blockers());
    }

    /**
     * A thread the JVM can neither list nor sample (a virtual thread under
     * {@code -Djdk.trackAllThreads=false}): the driver must neither take it for ended nor switch it
     * blind. It blocks until it switches itself.
     */
    @Test
    void aLiveThreadWithoutStackSampleBlocksUntilItSwitchesItself() {
        Thread v = threads.virtual("virtual-1");
        fx.steady(Map.of(F, Version.ORIGINAL, G, Version.ORIGINAL));
        Transition transition = fx.transition(PatchState.PATCHED);
        fx.switching(transition, F, G);
        assertEquals("old", side(table.call(v, F)), "before start its entry takes the initial state");
        table.exit(v);
        transition.start();

        assertFalse(transition.tryComplete());
        assertEquals(List.of(new Blocker("virtual-1", "(no stack sample)")), transition.blockers());
        assertEquals(1, transition.remaining(), "an unsampled live thread is not taken for ended");
        assertEquals("new", side(table.call(v, F)), "its next un-nested call switches it");
        table.exit(v);
        assertTrue(transition.tryComplete());
    }

    /**
     * A worker loop inside a transition method calls another one over and over: it can never
     * switch itself while nested, so after a streak of nested walks it stops walking on every call
     * (a walk costs microseconds), backing off; it stays on its side all along, and the driver
     * switches it once it has left (benchmarks finding F2).
     */
    @Test
    void aThreadNestedInALoopBacksOffItsStackWalksAndKeepsItsSide() {
        Thread worker = threads.thread("worker");
        fx.steady(Map.of(F, Version.ORIGINAL, G, Version.ORIGINAL));
        Transition transition = fx.transition(PatchState.PATCHED);
        fx.switching(transition, F, G);
        threads.push(worker, FakeDispatchTable.frame(F)); // inside old f when the transition starts
        transition.start();
        for (int i = 0; i < 2_000; i++) {
            assertEquals("old", side(table.call(worker, G)), "call " + i + " of g nested in old f");
            table.exit(worker);
        }
        assertTrue(threads.walks() < 200, "walks: " + threads.walks());
        assertFalse(transition.tryComplete(), "still inside f");
        table.exit(worker); // leaves f
        assertTrue(transition.tryComplete(), "the driver switches it once its stack is clear");
        assertEquals("new", side(table.call(worker, F)));
    }

    @Test
    void threadsThatEndMidTransitionCountAsSwitchedAndAreDropped() {
        Thread a = threads.thread("a");
        threads.setFrames(a, List.of(FakeDispatchTable.frame(F)));
        Transition transition = startPatching();
        assertFalse(transition.tryComplete());

        threads.end(a);
        assertTrue(transition.tryComplete());
        assertEquals(0, transition.remaining());
        int samples = threads.sampled().size();
        assertTrue(transition.tryComplete());
        assertEquals(samples, threads.sampled().size(), "an ended thread is not sampled again");
    }

    @Test
    void threadsBornAndEndedDuringABlockedTransitionAreDroppedFromItsTableByTheNextPass() {
        Thread blocker = threads.thread("blocker");
        threads.setFrames(blocker, List.of(WAIT, FakeDispatchTable.frame(F), RUN));
        Transition transition = startPatching();
        assertFalse(transition.tryComplete());
        assertEquals(1, transition.trackedThreads());

        Thread shortLived = threads.unborn("short-lived");
        threads.born(shortLived);
        assertEquals("new", side(table.call(shortLived, F)), "born after start: the target state");
        table.exit(shortLived);
        Thread stillAlive = threads.unborn("still-alive");
        threads.born(stillAlive);
        assertEquals("new", side(table.call(stillAlive, F)));
        table.exit(stillAlive);
        threads.end(shortLived);
        assertEquals(3, transition.trackedThreads());

        assertFalse(transition.tryComplete(), "the blocker still blocks");
        assertEquals(2, transition.trackedThreads(), "the ended thread is gone, switched or not");
        assertTrue(transition.isPatched(stillAlive));
        assertEquals(1, transition.remaining());
    }

    @Test
    void aThreadBornDuringAPassKeepsItsEntry() {
        Thread blocker = threads.thread("blocker");
        threads.setFrames(blocker, List.of(WAIT, FakeDispatchTable.frame(F), RUN));
        Transition transition = startPatching();
        Thread late = threads.unborn("late");
        // late is born and enters f while the pass samples stacks. Its entry must stay: dropped, its
        // next visit (g, nested in the patched f) would create a new entry from the creation rule,
        // which the reverse below makes unpatched.
        threads.onNextSample(() -> {
            threads.born(late);
            assertEquals("new", side(table.call(late, F)), "born after start: patched");
        });
        assertFalse(transition.tryComplete());
        assertFalse(transition.tryComplete());
        assertEquals(2, transition.trackedThreads());

        transition.reverse();
        assertEquals("new", side(table.call(late, G)), "g nested in f: the same side as f");
    }

    @Test
    void reverseSendsSwitchedThreadsBackAndUnswitchedThreadsAreDone() {
        Thread switched = threads.thread("switched");
        Thread blocked = threads.thread("blocked");
        threads.setFrames(blocked, List.of(FakeDispatchTable.frame(F)));
        Transition transition = startPatching();
        assertFalse(transition.tryComplete());
        assertTrue(transition.isPatched(switched));

        transition.reverse();
        assertEquals(PatchState.UNPATCHED, transition.target());
        assertEquals(1, transition.remaining(), "only the switched thread has to go back");
        assertFalse(transition.isPatched(blocked));

        assertTrue(transition.tryComplete(), "blocked is at the new target, its frame no longer matters");
        assertEquals(List.of(switched), threads.sampled().get(threads.sampled().size() - 1));
        assertFalse(transition.isPatched(switched));
    }

    @Test
    void reverseTwiceHeadsForTheFirstTargetAgainUnderTheSameStackRule() {
        Thread switched = threads.thread("switched");
        Thread blocked = threads.thread("blocked");
        threads.setFrames(blocked, List.of(FakeDispatchTable.frame(F)));
        Transition transition = startPatching();
        assertFalse(transition.tryComplete());
        transition.reverse();
        assertTrue(transition.tryComplete());
        assertFalse(transition.isPatched(switched));

        transition.reverse();
        assertEquals(PatchState.PATCHED, transition.target());
        assertEquals(2, transition.remaining());
        assertFalse(transition.tryComplete());
        assertEquals(List.of(new Blocker("blocked", "demo.Service.f(Service.java:42)")), transition.blockers());
        assertTrue(transition.isPatched(switched));

        threads.setFrames(blocked, List.of());
        assertTrue(transition.tryComplete());
        assertTrue(transition.isPatched(blocked));
    }

    @Test
    void reverseTwiceBeforeAnyPassLeavesEveryThreadWhereItWas() {
        Thread a = threads.thread("a");
        Thread b = threads.thread("b");
        Transition transition = startPatching();
        table.call(a, F);
        table.exit(a);

        transition.reverse();
        transition.reverse();
        assertEquals(PatchState.PATCHED, transition.target());
        assertTrue(transition.isPatched(a));
        assertFalse(transition.isPatched(b));
        assertEquals(1, transition.remaining());
    }

    @Test
    void forceSwitchesEveryThreadWithoutStackCheck() {
        Thread blocked = threads.thread("blocked");
        threads.setFrames(blocked, List.of(FakeDispatchTable.frame(F)));
        Transition transition = startPatching();
        assertFalse(transition.tryComplete());
        int samples = threads.sampled().size();

        transition.force();
        assertTrue(transition.isPatched(blocked));
        assertEquals(0, transition.remaining());
        assertEquals(samples, threads.sampled().size(), "force samples no stack");
        assertTrue(transition.tryComplete());
    }

    @Test
    void isPatchedWithoutEntryAnswersThePreTransitionStateOfAPatchingTransition() {
        Thread a = threads.thread("a");
        // q is below p here: before p's transition every thread runs q's g.
        fx.steady(Map.of(G, version(Q, G)));
        Guard guard = table.guard(a, G);
        assertEquals("q", side(guard.chosen()));

        Transition transition = fx.transition(PatchState.PATCHED);
        table.route(G, new Route.Switching(version(Q, G), version(P, G), transition));
        table.sync();
        assertFalse(transition.isPatched(a));
        assertEquals("q", side(table.redirect(guard)), "the redirect agrees with the steady guard");

        transition.reverse();
        assertFalse(transition.isPatched(a), "still the state before the transition began");
    }

    @Test
    void isPatchedWithoutEntryAnswersThePreTransitionStateOfAnUnpatchingTransition() {
        Thread a = threads.thread("a");
        fx.steady(Map.of(G, version(P, G)));
        Guard guard = table.guard(a, G);

        Transition transition = fx.transition(PatchState.UNPATCHED);
        fx.switching(transition, G);
        assertTrue(transition.isPatched(a));
        assertEquals("new", side(table.redirect(guard)));
    }

    @Test
    void targetAndPatchNameAreWhatTheTransitionWasBuiltWith() {
        Transition transition = fx.transition(PatchState.UNPATCHED);
        assertEquals("p", transition.patch());
        assertEquals(PatchState.UNPATCHED, transition.target());
        assertFalse(transition.isStarted());
        transition.start();
        assertTrue(transition.isStarted());
    }

    @Test
    void patchStateOppositeAndDirection() {
        assertEquals(PatchState.UNPATCHED, PatchState.PATCHED.opposite());
        assertEquals(PatchState.PATCHED, PatchState.UNPATCHED.opposite());
        assertEquals("patching", PatchState.PATCHED.direction());
        assertEquals("unpatching", PatchState.UNPATCHED.direction());
    }
}
