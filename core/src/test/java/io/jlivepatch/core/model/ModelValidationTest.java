package io.jlivepatch.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** Validation of the model records: every malformed name, descriptor or structure is refused with a message. */
class ModelValidationTest {

    private static final MethodRef GREET = new MethodRef("greet", "()V");
    private static final Replacement NEW_GREET = new Replacement("p.Code", new MethodRef("greet", "(Ldemo/Greeter;)V"));
    private static final Map<String, byte[]> CODE = Map.of("p.Code", new byte[] {1, 2});

    private static String message(Runnable r) {
        return assertThrows(InvalidPatchException.class, r::run).getMessage();
    }

    private static Patch patch(String name, List<SystemState> states, List<PatchObject> objects) {
        return new Patch(name, false, states, objects, CODE, "");
    }

    private static List<PatchObject> greeter() {
        return List.of(new PatchObject("demo.Greeter", List.of(PatchFunc.of(GREET, NEW_GREET))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"p", "fix-a", "Fix_2.1", "a234567890123456789012345678901234567890123456789012345678901234"})
    void validPatchNamesAreAccepted(String name) {
        assertEquals(name, patch(name, List.of(), greeter()).name());
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"-x", ".x", "_x", "a/b", "a b", "a:b", "é",
        "a2345678901234567890123456789012345678901234567890123456789012345"})
    void badPatchNamesAreRefusedWithAMessage(String name) {
        assertTrue(message(() -> patch(name, List.of(), greeter())).startsWith("invalid patch name '" + name + "'"));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"a..b", ".a", "a.", "a/b", "a;b", "[I", "a<b>", "a.b/c"})
    void badClassNamesAreRefusedWithAMessage(String name) {
        assertTrue(message(() -> new PatchObject(name, List.of())).startsWith("invalid class name '" + name + "'"));
        assertTrue(message(() -> new Replacement(name, GREET)).startsWith("invalid class name"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Greeter", "demo.Greeter", "demo.Greeter$Inner", "a.b.c.D_1"})
    void binaryClassNamesAreAccepted(String name) {
        assertDoesNotThrow(() -> new PatchObject(name, List.of()));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"a.b", "a;b", "a[b", "a/b", "<x>", "<init", "a<b"})
    void badMethodNamesAreRefusedWithAMessage(String name) {
        assertTrue(message(() -> new MethodRef(name, "()V")).startsWith("invalid method name"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"()V", "(I)V", "(IJZBCSFD)D", "([[Ljava/lang/String;J)[I", "(Ljava/util/Map$Entry;)Z",
        "()Ljava/lang/Object;", "([I)[[Ljava/lang/String;"})
    void wellFormedDescriptorsAreAccepted(String descriptor) {
        assertEquals(descriptor, new MethodRef("m", descriptor).descriptor());
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"(I", "(Lfoo;)", "(I)VV", "I", "()", "(V)V", "()[V", "(L;)V", "(Ljava/lang/String)V",
        "(La//b;)V", "(L/a;)V", "(La/b/;)V", "(La.b;)V", "(I)X", "(I)V;", ")V", "(()V", "(Q)V", "([)V"})
    void malformedDescriptorsAreRefusedWithAMessage(String descriptor) {
        assertEquals("malformed method descriptor '" + descriptor + "'",
                message(() -> new MethodRef("m", descriptor)));
    }

    @Test
    void arrayDimensionsAreLimitedTo255() {
        assertDoesNotThrow(() -> new MethodRef("m", "(" + "[".repeat(255) + "I)V"));
        assertTrue(message(() -> new MethodRef("m", "(" + "[".repeat(256) + "I)V")).startsWith("malformed"));
    }

    @Test
    void methodRefParsesWhatItPrints() {
        MethodRef ref = MethodRef.parse("greet(Ljava/lang/String;)I");
        assertEquals(new MethodRef("greet", "(Ljava/lang/String;)I"), ref);
        assertEquals("greet(Ljava/lang/String;)I", ref.toString());
        assertTrue(message(() -> MethodRef.parse("greet")).startsWith("expected name(descriptor)"));
        assertTrue(message(() -> MethodRef.parse("(I)V")).startsWith("expected name(descriptor)"));
        assertTrue(message(() -> MethodRef.parse(null)).startsWith("expected name(descriptor)"));
        assertTrue(message(() -> MethodRef.parse("greet(I")).startsWith("malformed"));
    }

    @Test
    void constructorsAndStaticInitialisersAreRefusedAsFuncsWithAMessage() {
        MethodRef init = new MethodRef("<init>", "()V");
        MethodRef clinit = new MethodRef("<clinit>", "()V");
        assertTrue(init.isInitializer());
        assertTrue(clinit.isInitializer());
        assertFalse(GREET.isInitializer());
        assertEquals("cannot patch <init>()V: constructors and static initialisers are not patchable (see the README)",
                message(() -> PatchFunc.of(init, NEW_GREET)));
        assertTrue(message(() -> PatchFunc.nop(clinit)).startsWith("cannot patch <clinit>()V"));
    }

    @Test
    void duplicateFuncsInAnObjectAreRefused() {
        assertEquals("duplicate func demo.Greeter.greet()V", message(() -> new PatchObject("demo.Greeter",
                List.of(PatchFunc.of(GREET, NEW_GREET), PatchFunc.nop(GREET)))));
    }

    @Test
    void overloadsAreDistinctFuncs() {
        PatchObject object = new PatchObject("demo.Greeter",
                List.of(PatchFunc.of(GREET, NEW_GREET), PatchFunc.nop(new MethodRef("greet", "(I)V"))));
        assertTrue(object.func(new MethodRef("greet", "(I)V")).isNop());
        assertFalse(object.func(GREET).isNop());
        assertNull(object.func(new MethodRef("greet", "(J)V")));
        assertFalse(object.dynamic());
    }

    @Test
    void twoObjectsForOneClassAreRefused() {
        assertEquals("patch 'p' has two objects for class demo.Greeter",
                message(() -> patch("p", List.of(), List.of(greeter().get(0), greeter().get(0)))));
    }

    @Test
    void aStateDeclaredTwiceIsRefused() {
        assertEquals("patch 'p' declares state 7 twice", message(() ->
                patch("p", List.of(new SystemState(7, 1), new SystemState(7, 2)), greeter())));
    }

    @Test
    void aReplacementClassMissingFromThePatchIsRefused() {
        Replacement elsewhere = new Replacement("q.Code", new MethodRef("greet", "(Ldemo/Greeter;)V"));
        String m = message(() -> patch("p", List.of(),
                List.of(new PatchObject("demo.Greeter", List.of(PatchFunc.of(GREET, elsewhere))))));
        assertEquals("patch 'p': demo.Greeter.greet()V names replacement class q.Code, which the patch does not contain", m);
    }

    @Test
    void aPatchOfNopsNeedsNoClasses() {
        Patch p = new Patch("p", true, List.of(), List.of(new PatchObject("demo.Greeter",
                List.of(PatchFunc.nop(GREET)), true)), Map.of(), null);
        assertEquals("", p.sha256());
        assertTrue(p.object("demo.Greeter").dynamic());
    }

    @Test
    void patchCopiesClassBytesInAndOut() {
        byte[] bytes = {1, 2, 3};
        Patch p = new Patch("p", false, List.of(), greeter(), Map.of("p.Code", bytes), "abc");
        bytes[0] = 9;
        assertArrayEquals(new byte[] {1, 2, 3}, p.classBytes("p.Code"));
        p.classBytes("p.Code")[1] = 9;
        assertArrayEquals(new byte[] {1, 2, 3}, p.classBytes("p.Code"));
        assertNull(p.classBytes("nope"));
    }

    @Test
    void patchLooksUpObjectsAndStatesAndKeepsItsIdentityFieldsInWithObjects() {
        Patch p = new Patch("p", true, List.of(new SystemState(1, 2)), greeter(), CODE, "abc");
        assertEquals(new SystemState(1, 2), p.state(1));
        assertNull(p.state(2));
        assertNull(p.object("demo.Other"));
        Patch more = p.withObjects(List.of(greeter().get(0),
                new PatchObject("demo.Other", List.of(PatchFunc.nop(GREET)), true)));
        assertEquals(List.of("p", "true", "abc", "2"),
                List.of(more.name(), String.valueOf(more.replace()), more.sha256(), String.valueOf(more.objects().size())));
        assertEquals("patch 'p'", p.toString());
    }

    @Test
    void funcsPrintWhatTheyDo() {
        assertEquals("greet()V -> p.Code.greet(Ldemo/Greeter;)V", PatchFunc.of(GREET, NEW_GREET).toString());
        assertEquals("greet()V -> nop", PatchFunc.nop(GREET).toString());
        assertThrows(NullPointerException.class, () -> PatchFunc.of(GREET, null));
        assertTrue(message(() -> new Replacement("p.Code", null)).contains("has no method"));
    }

    @Test
    void systemStatesNeedANonZeroIdAndANonNegativeVersion() {
        assertEquals("state id must be non-zero", message(() -> new SystemState(0, 1)));
        assertEquals("state 3 has a negative version -1", message(() -> new SystemState(3, -1)));
        assertEquals(new SystemState(1, 2), SystemState.parse("1:2"));
        assertEquals(new SystemState(3, 0), SystemState.parse(" 3 : 0 "));
        assertEquals("1:2", new SystemState(1, 2).toString());
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"x", "1", "1:", ":2", "a:b", "1:2:3", "0:1", "1:-1"})
    void badStateTextIsRefused(String text) {
        assertThrows(InvalidPatchException.class, () -> SystemState.parse(text));
    }
}
