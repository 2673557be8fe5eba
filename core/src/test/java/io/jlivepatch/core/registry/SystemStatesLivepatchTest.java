package io.jlivepatch.core.registry;

import static io.jlivepatch.core.registry.World.F1;
import static io.jlivepatch.core.registry.World.msg;
import static io.jlivepatch.core.registry.World.patch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jlivepatch.core.model.Patch;
import io.jlivepatch.core.model.SystemState;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The kernel's test-state.sh cases 20 and 21 (system-state compatibility of cumulative patches). */
class SystemStatesLivepatchTest {

    private final World w = new World();
    private final Livepatch lp = w.livepatch;

    private static Patch state(String name, long version) {
        return patch(name, true, List.of(new SystemState(1, version)), F1);
    }

    @Test
    void case20CompatibleCumulativePatchesReloadWithTheSameVersion() {
        Thread t = w.threads.thread("t");
        lp.enable(state("s2", 2));
        lp.enable(state("s3", 2));
        assertEquals(List.of("s3@1 replace: demo.Greeter[f1]"), w.listing());
        w.transcript.take();

        lp.enable(state("s2", 2));
        assertEquals(List.of(
                msg("enabling patch 's2'"),
                msg("'s2': initializing patching transition"),
                msg("'s2': starting patching transition"),
                msg("'s2': completing patching transition"),
                msg("'s2': patching complete")), w.transcript.take());
        assertEquals(List.of("s2@1 replace: demo.Greeter[f1]"), w.listing());
        assertEquals("s2", w.call(t, F1));

        lp.disable("s2");
        assertEquals(List.of(), lp.patches());
        assertEquals("original", w.call(t, F1));
    }

    @Test
    void case21IncompatibleLowerVersionIsRefusedWithTheKernelMessageAndNoEnablingLine() {
        lp.enable(state("s2", 2));
        w.transcript.take();

        LivepatchException e = assertThrows(LivepatchException.class, () -> lp.enable(state("s1", 1)));
        assertFalse(e.isBusy());
        assertEquals(List.of(msg("Livepatch patch (s1) is not compatible with the already installed livepatches.")),
                w.transcript.take());
        assertEquals(List.of("s2@1 replace: demo.Greeter[f1]"), w.listing());

        lp.disable("s2");
        assertEquals(List.of(), lp.patches());
    }

    @Test
    void replacePatchThatDropsAStateIsRefusedButANonReplacePatchMayOmitIt() {
        lp.enable(state("s2", 2));
        assertThrows(LivepatchException.class, () -> lp.enable(patch("drop", true, List.of(), World.F2)));
        lp.enable(patch("keep", false, List.of(), World.F2));
        assertEquals(List.of("s2@1 replace: demo.Greeter[f1]", "keep@2: demo.Greeter[f2]"), w.listing());
    }
}
