package io.jlivepatch.core.weave;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlivepatch.core.model.MethodRef;
import io.jlivepatch.core.model.Patch;
import io.jlivepatch.core.model.PatchFunc;
import io.jlivepatch.core.model.PatchObject;
import io.jlivepatch.core.model.Replacement;
import io.jlivepatch.core.weave.shapes.Shapes;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The class-file transformer's decision as a pure function: each branch of {@link WeavePlan#decide},
 * for a loading copy (module coming) and for a retransformed one, with and without fingerprints.
 */
class WeavePlanTest {

    private static final String SHAPES = Shapes.class.getName();
    private static final byte[] ORIGINAL = ClassFiles.of(Shapes.class);
    private static final MethodRef TWICE = MethodRef.parse("twice(I)I");
    private static final MethodRef EVEN = MethodRef.parse("even(I)Z");
    private static final MethodRef MISSING = MethodRef.parse("missing()V");

    private static WeavePlan plan(Set<MethodRef> methods, Set<MethodRef> fallback, Fingerprinted enabling,
                                  Fingerprinted active) {
        return new WeavePlan(methods.isEmpty() ? Map.of() : Map.of(SHAPES, methods),
                fallback.isEmpty() ? Map.of() : Map.of(SHAPES, fallback), Set.of(SHAPES), enabling, active);
    }

    /** The fingerprints of a patch of {@code method} built against {@code classBytes}. */
    private static Fingerprinted printed(String patch, MethodRef method, byte[] classBytes) {
        String fingerprint = classBytes == null ? "0".repeat(64) : Fingerprints.of(classBytes).get(method);
        PatchFunc func = PatchFunc.of(method, new Replacement("p.Code", MethodRef.parse("twice(I)I")), fingerprint);
        return Fingerprinted.of(List.of(new Patch(patch, false, List.of(),
                List.of(new PatchObject(SHAPES, List.of(func))), Map.of("p.Code", new byte[] {(byte) 0xCA}), "sha")));
    }

    @Test
    void aClassNoPatchNamesLoadsAsItIs() {
        WeaveDecision decision = WeavePlan.EMPTY.decide(SHAPES, true, true, ORIGINAL);
        assertInstanceOf(WeaveDecision.Original.class, decision);
    }

    @Test
    void aLoadingCopyIsWovenThenComing() throws WeaveException {
        WeaveDecision decision = plan(Set.of(TWICE), Set.of(), Fingerprinted.NONE, Fingerprinted.NONE)
                .decide(SHAPES, true, true, ORIGINAL);
        WeaveDecision.Coming coming = assertInstanceOf(WeaveDecision.Coming.class, decision);
        assertArrayEquals(Trampoline.weave(ORIGINAL, Set.of(TWICE)), coming.woven());
    }

    @Test
    void aLoadingCopyWithCallbacksOnlyIsComingWithoutTrampolines() {
        WeaveDecision decision = plan(Set.of(), Set.of(), Fingerprinted.NONE, Fingerprinted.NONE)
                .decide(SHAPES, true, true, ORIGINAL);
        assertNull(assertInstanceOf(WeaveDecision.Coming.class, decision).woven());
    }

    @Test
    void aLoadingCopyThatDoesNotFitAnActivePatchLoadsUnpatchedAndIsReported() {
        WeaveDecision decision = plan(Set.of(TWICE), Set.of(), Fingerprinted.NONE, printed("fix", TWICE, null))
                .decide(SHAPES, true, true, ORIGINAL);
        assertEquals(new WeaveDecision.LoadsUnpatched("patch 'fix' was built against a different " + SHAPES
                + ".twice(I)I", true), decision);
    }

    @Test
    void aLoadingCopyThatDoesNotFitTheEnablingPatchLoadsUnpatchedAndFailsThatEnable() {
        WeaveDecision decision = plan(Set.of(TWICE), Set.of(), printed("new", TWICE, null), Fingerprinted.NONE)
                .decide(SHAPES, true, true, ORIGINAL);
        assertEquals(new WeaveDecision.LoadsUnpatched("patch 'new' was built against a different " + SHAPES
                + ".twice(I)I", false), decision);
    }

    @Test
    void aLoadingCopyThatCannotBeWovenLoadsUnpatchedAndIsReported() {
        WeaveDecision decision = plan(Set.of(MISSING), Set.of(), Fingerprinted.NONE, Fingerprinted.NONE)
                .decide(SHAPES, true, true, ORIGINAL);
        WeaveDecision.LoadsUnpatched unpatched = assertInstanceOf(WeaveDecision.LoadsUnpatched.class, decision);
        assertTrue(unpatched.report());
        assertTrue(unpatched.reason().contains("missing()V"), unpatched.reason());
    }

    @Test
    void aRetransformedCopyGetsExactlyThePlannedTrampolines() throws WeaveException {
        WeaveDecision decision = plan(Set.of(TWICE, EVEN), Set.of(), printed("fix", TWICE, ORIGINAL),
                Fingerprinted.NONE).decide(SHAPES, false, true, ORIGINAL);
        assertArrayEquals(Trampoline.weave(ORIGINAL, Set.of(TWICE, EVEN)),
                assertInstanceOf(WeaveDecision.Woven.class, decision).bytes());
    }

    @Test
    void aRetransformedCopyWithNoTrampolineLeftGetsItsOriginalBytes() {
        WeaveDecision decision = plan(Set.of(), Set.of(TWICE), Fingerprinted.NONE, Fingerprinted.NONE)
                .decide(SHAPES, false, true, ORIGINAL);
        assertInstanceOf(WeaveDecision.Original.class, decision);
    }

    @Test
    void aCopyNoPatchMayTouchStaysOriginal() {
        WeaveDecision decision = plan(Set.of(TWICE), Set.of(), Fingerprinted.NONE, Fingerprinted.NONE)
                .decide(SHAPES, false, false, ORIGINAL);
        assertInstanceOf(WeaveDecision.Original.class, decision);
    }

    @Test
    void aMisfitWithTheEnablingPatchFailsTheRetransformationAndKeepsThePreviousTrampolines()
            throws WeaveException {
        WeaveDecision decision = plan(Set.of(TWICE, EVEN), Set.of(EVEN), printed("new", TWICE, null),
                Fingerprinted.NONE).decide(SHAPES, false, true, ORIGINAL);
        WeaveDecision.Failed failed = assertInstanceOf(WeaveDecision.Failed.class, decision);
        assertTrue(failed.misfit());
        assertEquals("patch 'new' was built against a different " + SHAPES + ".twice(I)I", failed.error());
        assertArrayEquals(Trampoline.weave(ORIGINAL, Set.of(EVEN)), failed.kept());
    }

    @Test
    void aMisfitWithAnActivePatchPutsTheCopyBackToItsOriginalBytes() {
        WeaveDecision decision = plan(Set.of(TWICE), Set.of(), Fingerprinted.NONE, printed("old", TWICE, null))
                .decide(SHAPES, false, true, ORIGINAL);
        assertInstanceOf(WeaveDecision.Original.class, decision);
    }

    @Test
    void aWeaveErrorFailsTheRetransformationAndKeepsTheOriginalWhenNothingWasWoven() {
        WeaveDecision decision = plan(Set.of(MISSING), Set.of(), Fingerprinted.NONE, Fingerprinted.NONE)
                .decide(SHAPES, false, true, ORIGINAL);
        WeaveDecision.Failed failed = assertInstanceOf(WeaveDecision.Failed.class, decision);
        assertEquals(false, failed.misfit());
        assertTrue(failed.error().contains("missing()V"), failed.error());
        assertNull(failed.kept());
    }
}
