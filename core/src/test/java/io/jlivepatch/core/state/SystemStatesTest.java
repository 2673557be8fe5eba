package io.jlivepatch.core.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlivepatch.core.model.Patch;
import io.jlivepatch.core.model.SystemState;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** klp_is_patch_compatible and klp_get_prev_state (state.c). */
class SystemStatesTest {

    private static Patch patch(String name, boolean replace, SystemState... states) {
        return new Patch(name, replace, List.of(states), List.of(), Map.of(), "");
    }

    private static final Patch V2 = patch("v2", true, new SystemState(1, 2));

    @Test
    void sameOrHigherVersionIsCompatible() {
        assertTrue(SystemStates.isCompatible(patch("same", true, new SystemState(1, 2)), List.of(V2)));
        assertTrue(SystemStates.isCompatible(patch("up", true, new SystemState(1, 3)), List.of(V2)));
    }

    @Test
    void lowerVersionIsIncompatibleForReplaceAndNonReplacePatches() {
        assertFalse(SystemStates.isCompatible(patch("down", true, new SystemState(1, 1)), List.of(V2)));
        assertFalse(SystemStates.isCompatible(patch("down", false, new SystemState(1, 1)), List.of(V2)));
    }

    @Test
    void omittingAnActiveStateIsAllowedOnlyForANonReplacePatch() {
        assertFalse(SystemStates.isCompatible(patch("drop", true), List.of(V2)));
        assertTrue(SystemStates.isCompatible(patch("keep", false), List.of(V2)));
        assertTrue(SystemStates.isCompatible(patch("other", true, new SystemState(1, 2), new SystemState(9, 0)),
                List.of(V2)), "extra states are fine");
    }

    @Test
    void everyActivePatchIsChecked() {
        Patch s5 = patch("s5", false, new SystemState(5, 1));
        assertFalse(SystemStates.isCompatible(patch("x", true, new SystemState(1, 2)), List.of(V2, s5)));
        assertTrue(SystemStates.isCompatible(
                patch("x", true, new SystemState(1, 2), new SystemState(5, 1)), List.of(V2, s5)));
        assertTrue(SystemStates.isCompatible(patch("first", true), List.of()));
    }

    @Test
    void previousStateIsTheLatestEarlierPatchThatDeclaresIt() {
        Patch a = patch("a", false, new SystemState(1, 1));
        Patch b = patch("b", false, new SystemState(2, 1));
        Patch c = patch("c", false, new SystemState(1, 4));
        Patch d = patch("d", true, new SystemState(1, 5));
        List<Patch> active = List.of(a, b, c, d);
        assertEquals(new SystemState(1, 4), SystemStates.previous(active, d, 1));
        assertEquals(new SystemState(1, 1), SystemStates.previous(active, b, 1));
        assertNull(SystemStates.previous(active, a, 1));
        assertNull(SystemStates.previous(active, d, 3));
    }
}
