package io.jlivepatch.core.transition;

import static io.jlivepatch.core.transition.Fixture.F;
import static io.jlivepatch.core.transition.Fixture.G;
import static io.jlivepatch.core.transition.Fixture.side;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlivepatch.core.funcstack.FakeDispatchTable;
import io.jlivepatch.core.funcstack.Version;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A thread the snapshot cannot list (a virtual thread, JDK 21+) that is inside old f when the
 * transition starts: the SPIN model's counterexample with per-method routes and unlisted threads
 * (docs/consistency-model.md). Without a snapshot entry, its first visit — g's guard, nested in f —
 * used to create its entry from the creation rule, already the target, so g ran the new version
 * inside the old f.
 */
class VirtualThreadSnapshotTest {

    private final Fixture fx = new Fixture();
    private final FakeThreadStacks threads = fx.threads;
    private final FakeDispatchTable table = fx.table;

    @Test
    void anUnlistedThreadWhoseFirstVisitIsNestedTakesThePreTransitionSide() {
        Thread v = threads.virtual("virtual-1");
        fx.steady(Map.of(F, Version.ORIGINAL, G, Version.ORIGINAL));
        Version f = table.call(v, F); // v is inside old f: the steady guard made no entry
        Transition transition = fx.transition(PatchState.PATCHED);
        fx.switching(transition, F, G);
        transition.start(); // the snapshot does not list v; the creation rule becomes the target

        Version g = table.call(v, G); // nested first visit

        assertEquals(side(f), side(g), "f ran " + f + " but g ran " + g + " in the same stack");
        assertFalse(transition.tryComplete(), "v is unswitched and cannot be sampled: it blocks");
        table.exit(v);
        table.exit(v);
        assertEquals("new", side(table.call(v, F)), "its next un-nested call switches it");
        table.exit(v);
        assertTrue(transition.tryComplete());
    }
}
