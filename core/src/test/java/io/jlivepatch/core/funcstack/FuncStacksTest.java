package io.jlivepatch.core.funcstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlivepatch.core.model.MethodRef;
import io.jlivepatch.core.model.Patch;
import io.jlivepatch.core.model.PatchFunc;
import io.jlivepatch.core.model.PatchObject;
import io.jlivepatch.core.model.Replacement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Func stacks (patch.c): newest on top wins, a nop on top is the original, any entry can go. */
class FuncStacksTest {

    private static final MethodRef F = new MethodRef("f", "()V");
    private static final MethodRef G = new MethodRef("g", "()V");
    private static final MethodKey KF = new MethodKey("demo.S", F);
    private static final MethodKey KG = new MethodKey("demo.S", G);

    private static Patch patch(String name, boolean nopF, MethodRef... methods) {
        List<PatchFunc> funcs = new java.util.ArrayList<>();
        for (MethodRef m : methods) {
            funcs.add(nopF && m.equals(F) ? PatchFunc.nop(m)
                    : PatchFunc.of(m, new Replacement("p.C", new MethodRef(m.name(), "(Ldemo/S;)V"))));
        }
        return new Patch(name, false, List.of(), List.of(new PatchObject("demo.S", funcs)),
                Map.of("p.C", new byte[] {0}), "");
    }

    private static String who(Version v) {
        return v.isOriginal() ? "original" : ((Version.Replaced) v).patch().name();
    }

    private final FuncStacks stacks = new FuncStacks();

    private void push(Patch p) {
        stacks.push(p, p.objects().get(0));
    }

    @Test
    void newestPushWinsAndRemovingItShowsTheOneBelow() {
        Patch a = patch("a", false, F);
        Patch b = patch("b", false, F);
        assertEquals("original", who(stacks.topVersion(KF)));
        push(a);
        push(b);
        assertEquals("b", who(stacks.topVersion(KF)));
        assertSame(a, stacks.stack(KF).below(b).patch());
        assertNull(stacks.stack(KF).below(a));
        stacks.pop(b, b.objects().get(0));
        assertEquals("a", who(stacks.topVersion(KF)));
    }

    @Test
    void removingFromTheMiddleKeepsTheTopAndOrder() {
        Patch a = patch("a", false, F);
        Patch b = patch("b", false, F);
        Patch c = patch("c", false, F);
        push(a);
        push(b);
        push(c);
        assertEquals(List.of(KF), stacks.pop(b, b.objects().get(0)));
        FuncStack stack = stacks.stack(KF);
        assertEquals(List.of("a", "c"), stack.entries().stream().map(e -> e.patch().name()).toList());
        assertEquals("c", who(stack.topVersion()));
        assertSame(a, stack.below(c).patch());
        assertNull(stack.entryOf(b));
        assertNull(stack.below(b), "absent patch has nothing below");
    }

    @Test
    void aNopOnTopSelectsTheOriginalBody() {
        Patch a = patch("a", false, F);
        Patch r = patch("r", true, F);
        push(a);
        push(r);
        assertTrue(stacks.topVersion(KF).isOriginal());
        assertTrue(stacks.stack(KF).top().func().isNop());
        assertSame(Version.ORIGINAL, stacks.stack(KF).top().version());
    }

    @Test
    void aStackLeftEmptyIsDroppedAndItsMethodNoLongerListed() {
        Patch a = patch("a", false, F, G);
        push(a);
        assertEquals(Set.of(F, G), stacks.methodsOf("demo.S"));
        assertEquals(Set.of(KF, KG), stacks.methods());
        assertEquals(List.of(KF, KG), stacks.pop(a, a.objects().get(0)));
        assertNull(stacks.stack(KF));
        assertEquals(Set.of(), stacks.methodsOf("demo.S"));
        assertEquals(List.of(), stacks.pop(a, a.objects().get(0)), "popping again touches nothing");
    }

    @Test
    void aPatchCannotBePushedTwiceOnOneStack() {
        Patch a = patch("a", false, F);
        push(a);
        assertThrows(IllegalStateException.class, () -> push(a));
    }

    @Test
    void stacksKnowPatchesByIdentityNotByEquality() {
        Patch a = patch("a", false, F);
        Patch sameName = patch("a", false, F);
        push(a);
        assertFalse(stacks.stack(KF).remove(sameName));
        assertTrue(stacks.stack(KF).remove(a));
    }

    @Test
    void routesAndVersionsRefuseNonsense() {
        assertThrows(NullPointerException.class, () -> new Route.Steady(null));
        assertThrows(NullPointerException.class, () -> new Route.Switching(Version.ORIGINAL, null, null));
        Patch r = patch("r", true, F);
        assertThrows(IllegalArgumentException.class,
                () -> new Version.Replaced(r, r.objects().get(0).func(F)));
        assertThrows(NullPointerException.class, () -> new MethodKey(null, F));
        assertEquals("demo.S.f()V", KF.toString());
        assertEquals("original", Version.ORIGINAL.toString());
    }
}
