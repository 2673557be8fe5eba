package io.jlivepatch.core.weave;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlivepatch.core.model.MethodRef;
import io.jlivepatch.core.weave.shapes.Greeting;
import io.jlivepatch.core.weave.shapes.Refusals;
import io.jlivepatch.core.weave.shapes.Shapes;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.Opcodes;

/** Each reason {@link Trampoline#weave} refuses a method, and the message that names class, method and reason. */
class TrampolineRefusalTest {

    private static final String SHAPES = "io.jlivepatch.core.weave.shapes.Shapes";
    private static final String REFUSALS = "io.jlivepatch.core.weave.shapes.Refusals";

    @Test
    void missingMethod() {
        assertRefused(ClassFiles.of(Shapes.class), "greet(I)V",
                "cannot patch " + SHAPES + ".greet(I)V: no such method in the class");
    }

    @Test
    void abstractMethodOfAClass() {
        assertRefused(ClassFiles.of(Refusals.class), "area()I", "cannot patch " + REFUSALS
                + ".area()I: the method is abstract and has no code to carry a trampoline;"
                + " patch its implementations instead");
    }

    @Test
    void abstractMethodOfAnInterface() {
        assertRefused(ClassFiles.of(Greeting.class), "name()Ljava/lang/String;",
                "cannot patch io.jlivepatch.core.weave.shapes.Greeting.name()Ljava/lang/String;: the method is"
                        + " abstract and has no code to carry a trampoline; patch its implementations instead");
    }

    @Test
    void nativeMethod() {
        assertRefused(ClassFiles.of(Refusals.class), "nativeCall()I", "cannot patch " + REFUSALS
                + ".nativeCall()I: the method is native and has no bytecode to carry a trampoline");
    }

    @Test
    void constructor() {
        assertRefused(ClassFiles.of(Refusals.class), "<init>()V", "cannot patch " + REFUSALS
                + ".<init>()V: a constructor cannot carry a trampoline: the object is uninitialised until"
                + " super(...) or this(...) returns, so it cannot be handed to a replacement");
    }

    @Test
    void staticInitialiser() {
        assertRefused(ClassFiles.of(Refusals.class), "<clinit>()V", "cannot patch " + REFUSALS
                + ".<clinit>()V: a static initialiser cannot carry a trampoline: it has already run when a"
                + " loaded class is patched and is never called again");
    }

    @Test
    void classFileOlderThanInvokedynamic() {
        byte[] java6 = TrampolineContractTest.withMajorVersion(ClassFiles.of(Shapes.class), Opcodes.V1_6);
        assertRefused(java6, "twice(I)I", "cannot patch " + SHAPES + ".twice(I)I: class file version 50.0 (Java 6)"
                + " predates invokedynamic, which the trampoline is made of; it needs class file version 51"
                + " (Java 7) or later");
    }

    @Test
    void classFileOfJava1x() {
        byte[] java14 = TrampolineContractTest.withMajorVersion(ClassFiles.of(Shapes.class), Opcodes.V1_4);
        WeaveException refused = assertThrows(WeaveException.class,
                () -> Trampoline.weave(java14, Set.of(MethodRef.parse("twice(I)I"))));
        assertTrue(refused.getMessage().contains("class file version 48.0 (Java 1.4)"), refused.getMessage());
    }

    @Test
    void methodAlreadyWoven() throws WeaveException {
        MethodRef twice = MethodRef.parse("twice(I)I");
        byte[] woven = Trampoline.weave(ClassFiles.of(Shapes.class), Set.of(twice));
        assertRefused(woven, "twice(I)I", "cannot patch " + SHAPES + ".twice(I)I: the method already starts with"
                + " a trampoline; weave the class's original bytes instead");
    }

    @Test
    void firstRefusalInNameOrderIsReported() {
        WeaveException refused = assertThrows(WeaveException.class, () -> Trampoline.weave(
                ClassFiles.of(Refusals.class),
                Set.of(MethodRef.parse("nativeCall()I"), MethodRef.parse("area()I"), MethodRef.parse("zz()V"))));
        assertTrue(refused.getMessage().startsWith("cannot patch " + REFUSALS + ".area()I: "), refused.getMessage());
    }

    @Test
    void notAClassFile() {
        WeaveException refused = assertThrows(WeaveException.class,
                () -> Trampoline.weave(new byte[] {1, 2, 3}, Set.of(MethodRef.parse("twice(I)I"))));
        assertTrue(refused.getMessage().startsWith("cannot read the class file to patch [twice(I)I]: "),
                refused.getMessage());
    }

    private static void assertRefused(byte[] classFile, String method, String message) {
        WeaveException refused = assertThrows(WeaveException.class,
                () -> Trampoline.weave(classFile, Set.of(MethodRef.parse(method))));
        assertEquals(message, refused.getMessage());
    }
}
