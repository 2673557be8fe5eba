package io.jlivepatch.core.weave;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlivepatch.core.weave.ClassFiles.LineEntry;
import io.jlivepatch.runtime.Dispatch;
import io.jlivepatch.runtime.Linker;
import java.lang.invoke.MethodType;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every supported method shape ({@link ShapeCase#all()}), woven on its own: the result verifies
 * (ASM's verifier, then the JVM's when a fresh loader defines and initialises it), runs the
 * original body while the guard is false and the replacement, with the receiver and every argument
 * passed through, while it is true, and keeps the original body's line numbers.
 */
@ResourceLock(DispatchLock.NAME)
class TrampolineShapeTest {

    private Linker previous;

    @BeforeEach
    void rememberLinker() {
        previous = Dispatch.installed();
    }

    @AfterEach
    void restoreLinker() {
        Dispatch.install(previous);
    }

    static Stream<ShapeCase> shapes() {
        return ShapeCase.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void wovenClassPassesAsmVerifier(ShapeCase shape) throws WeaveException {
        ClassFiles.assertVerifies(Trampoline.weave(shape.originalBytes(), Set.of(shape.ref())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void guardChoosesOriginalOrReplacement(ShapeCase shape) throws Exception {
        String key = shape.ref().toString();
        TestLinker linker = new TestLinker(shape.replacementHandle());
        Dispatch.install(linker);
        ShapeCase.Loaded loaded = shape.load(Trampoline.weave(shape.originalBytes(), Set.of(shape.ref())));

        assertEquals(shape.original(), loaded.call(), "guard false: the original body");
        assertEquals(List.of(new TestLinker.Request(loaded.type(), Dispatch.GUARD, MethodType.methodType(boolean.class),
                key)), linker.requests(), "only the guard links while it is false");

        linker.redirect(key, true);
        assertEquals(shape.replaced(), loaded.call(), "guard true: the replacement");
        assertEquals(new TestLinker.Request(loaded.type(), Dispatch.CALL, loaded.callType(), key),
                linker.requests().get(1), "the redirect's call site: caller, type (receiver first), key");

        linker.redirect(key, false);
        assertEquals(shape.original(), loaded.call(), "guard false again: the original body");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void originalBodyKeepsItsLineNumbers(ShapeCase shape) throws WeaveException {
        String key = shape.ref().toString();
        List<LineEntry> original = ClassFiles.lineTable(shape.originalBytes(), key);
        List<LineEntry> woven = ClassFiles.lineTable(Trampoline.weave(shape.originalBytes(), Set.of(shape.ref())), key);

        assertEquals(0, original.get(0).offset(), "javac gives the first instruction a line");
        assertEquals(new LineEntry(0, Trampoline.PROLOGUE_LINE), woven.get(0), "the prologue's own line");
        int prologueLength = woven.get(1).offset();
        List<LineEntry> shifted = original.stream()
                .map(entry -> new LineEntry(entry.offset() + prologueLength, entry.line()))
                .toList();
        assertEquals(shifted, woven.subList(1, woven.size()), "every original entry, moved past the prologue");
        assertNotEquals(Trampoline.PROLOGUE_LINE, ClassFiles.lineAt(woven, prologueLength));
    }

    @Test
    void loopHeaderShapeReallyHasFrameAtOffsetZero() {
        ShapeCase loop = ShapeCase.all().stream().filter(s -> s.name().equals("loop-at-offset-0")).findFirst()
                .orElseThrow();
        assertTrue(ClassFiles.hasFrameAtOffsetZero(loop.originalBytes(), loop.ref().toString()),
                "the shape must exercise an original frame at offset 0");
    }
}
