package io.jlivepatch.core.weave;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jlivepatch.core.model.MethodRef;
import io.jlivepatch.core.weave.shapes.Shapes;
import io.jlivepatch.runtime.Dispatch;
import io.jlivepatch.runtime.Linker;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Exceptions and stack traces through a woven method: what the replacement throws reaches the
 * caller unchanged and is not caught by the original body's handlers, which keep working while the
 * guard is false; a redirected call shows the woven method at {@link Trampoline#PROLOGUE_LINE},
 * original code at its own lines.
 */
@ResourceLock(DispatchLock.NAME)
class TrampolineExceptionTest {

    private static final MethodRef CHECK = MethodRef.parse("check(I)I");
    private static final MethodRef PARSE = MethodRef.parse("parse(Ljava/lang/String;[I)Ljava/lang/String;");

    private Linker previous;

    @BeforeEach
    void rememberLinker() {
        previous = Dispatch.installed();
    }

    @AfterEach
    void restoreLinker() {
        Dispatch.install(previous);
    }

    @Test
    void exceptionFromReplacementPropagatesUnchanged() throws Exception {
        IllegalStateException failure = new IllegalStateException("from the replacement");
        Method check = load(CHECK, throwing(failure, int.class, int.class), true, "check", int.class);

        Throwable thrown = assertThrows(IllegalStateException.class, () -> invoke(check, 5));
        assertSame(failure, thrown);
    }

    @Test
    void originalHandlersDoNotCatchWhatTheReplacementThrows() throws Exception {
        NumberFormatException failure = new NumberFormatException("from the replacement");
        Method parse = load(PARSE, throwing(failure, String.class, String.class, int[].class), true, "parse",
                String.class, int[].class);
        int[] log = new int[1];

        assertSame(failure, assertThrows(NumberFormatException.class, () -> invoke(parse, "7", log)));
        assertArrayEquals(new int[] {0}, log, "neither the catch nor the finally block ran");
    }

    @Test
    void originalHandlersWorkWhileTheGuardIsFalse() throws Throwable {
        Method parse = load(PARSE, MethodHandles.lookup().unreflect(Replacements.class.getMethod("parse",
                String.class, int[].class)), false, "parse", String.class, int[].class);
        int[] log = new int[1];

        assertEquals("bad x", invoke(parse, "x", log), "the catch block");
        assertEquals("int 7", invoke(parse, "7", log));
        assertArrayEquals(new int[] {2}, log, "the finally block, on both paths");
    }

    @Test
    void redirectedCallShowsThePrologueLine() throws Exception {
        MethodHandle fail = MethodHandles.lookup().findStatic(TrampolineExceptionTest.class, "fail",
                MethodType.methodType(int.class, int.class));
        Method check = load(CHECK, fail, true, "check", int.class);

        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> invoke(check, 5));
        StackTraceElement woven = frameOf(thrown, "check");
        assertEquals(Trampoline.PROLOGUE_LINE, woven.getLineNumber(), Arrays.toString(thrown.getStackTrace()));
        assertEquals("Shapes.java", woven.getFileName());
    }

    @Test
    void originalCodeShowsItsOwnLine() throws Exception {
        int line = frameOf(assertThrows(IllegalArgumentException.class, () -> Shapes.check(-1)), "check")
                .getLineNumber();
        Method check = load(CHECK, throwing(new IllegalStateException(), int.class, int.class), false, "check",
                int.class);

        Throwable thrown = assertThrows(IllegalArgumentException.class, () -> invoke(check, -1));
        assertEquals(line, frameOf(thrown, "check").getLineNumber());
        assertNotEquals(Trampoline.PROLOGUE_LINE, line);
    }

    /** A stand-in replacement for {@code check(I)I} that fails where it runs. */
    static int fail(int x) {
        throw new IllegalStateException("replacement of check(" + x + ")");
    }

    /** A replacement of type {@code (parameters)returnType} that throws {@code failure}. */
    private static MethodHandle throwing(Throwable failure, Class<?> returnType, Class<?>... parameters) {
        MethodHandle thrower = MethodHandles.throwException(returnType, failure.getClass());
        return MethodHandles.dropArguments(MethodHandles.insertArguments(thrower, 0, failure), 0, parameters);
    }

    /** Weaves {@code method} into Shapes, installs a linker with the guard at {@code redirected}, loads the class. */
    private static Method load(MethodRef method, MethodHandle replacement, boolean redirected, String name,
            Class<?>... parameters) throws Exception {
        TestLinker linker = new TestLinker(replacement);
        linker.redirect(method.toString(), redirected);
        Dispatch.install(linker);
        byte[] woven = Trampoline.weave(ClassFiles.of(Shapes.class), Set.of(method));
        Class<?> type = new WovenLoader(Map.of(Shapes.class.getName(), woven)).initialise(Shapes.class.getName());
        return type.getMethod(name, parameters);
    }

    private static Object invoke(Method staticMethod, Object... arguments) throws Throwable {
        try {
            return staticMethod.invoke(null, arguments);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static StackTraceElement frameOf(Throwable thrown, String method) {
        return Arrays.stream(thrown.getStackTrace())
                .filter(frame -> frame.getClassName().equals(Shapes.class.getName()))
                .filter(frame -> frame.getMethodName().equals(method))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no frame of " + method + " in "
                        + Arrays.toString(thrown.getStackTrace())));
    }
}
