package io.jlivepatch.core.weave;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlivepatch.core.model.MethodRef;
import io.jlivepatch.core.weave.ClassFiles.LineEntry;
import io.jlivepatch.core.weave.shapes.Shapes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/** The contract of {@link Trampoline#weave} apart from the shapes: identity, determinism, locality, line numbers. */
class TrampolineContractTest {

    private static final byte[] SHAPES = ClassFiles.of(Shapes.class);
    private static final MethodRef SPIN = new MethodRef("spin", "(I)I");

    static List<ShapeCase> shapes() {
        return ShapeCase.all();
    }

    @Test
    void emptySetReturnsTheSameArray() throws WeaveException {
        assertSame(SHAPES, Trampoline.weave(SHAPES, Set.of()));
    }

    @Test
    void sameInputGivesSameBytesWhateverTheSetOrder() throws WeaveException {
        List<MethodRef> methods = shapesOf(Shapes.class);
        Set<MethodRef> forward = new LinkedHashSet<>(methods);
        List<MethodRef> reversed = new ArrayList<>(methods);
        Collections.reverse(reversed);

        byte[] first = Trampoline.weave(SHAPES, forward);
        assertArrayEquals(first, Trampoline.weave(SHAPES, forward));
        assertArrayEquals(first, Trampoline.weave(SHAPES, new LinkedHashSet<>(reversed)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void onlyTheNamedMethodChanges(ShapeCase shape) throws WeaveException {
        Map<String, String> original = ClassFiles.textByMethod(shape.originalBytes());
        Map<String, String> woven =
                ClassFiles.textByMethod(Trampoline.weave(shape.originalBytes(), Set.of(shape.ref())));

        assertEquals(List.copyOf(original.keySet()), List.copyOf(woven.keySet()), "same methods, same order");
        for (String method : original.keySet()) {
            if (method.equals(shape.ref().toString())) {
                assertNotEquals(original.get(method), woven.get(method), method + " is woven");
            } else {
                assertEquals(original.get(method), woven.get(method), method + " is untouched");
            }
        }
    }

    @Test
    void everyShapeOfOneClassWovenAtOnceLoadsAndVerifies() throws Exception {
        byte[] woven = Trampoline.weave(SHAPES, new LinkedHashSet<>(shapesOf(Shapes.class)));
        ClassFiles.assertVerifies(woven);
        new WovenLoader(Map.of(Shapes.class.getName(), woven)).initialise(Shapes.class.getName());
    }

    @Test
    void classFileVersion51IsEnough() throws WeaveException {
        byte[] java7 = withMajorVersion(SHAPES, Opcodes.V1_7);
        byte[] woven = Trampoline.weave(java7, Set.of(SPIN));
        ClassFiles.assertVerifies(woven);
        assertEquals(Opcodes.V1_7, new ClassReader(woven).readUnsignedShort(6), "the version is kept");
    }

    /**
     * A body whose first instruction has no line of its own (not javac's habit, but legal) would
     * otherwise show the prologue's line: it gets the method's first declared line instead.
     */
    @Test
    void bodyWithoutLineAtItsStartGetsItsFirstLine() throws WeaveException {
        byte[] stripped = withoutLineNumbers(SHAPES, SPIN, 1);
        List<LineEntry> original = ClassFiles.lineTable(stripped, SPIN.toString());
        assertNotEquals(0, original.get(0).offset(), "the first entry is gone");

        List<LineEntry> woven = ClassFiles.lineTable(Trampoline.weave(stripped, Set.of(SPIN)), SPIN.toString());
        int bodyStart = prologueLength();
        assertEquals(Trampoline.PROLOGUE_LINE, ClassFiles.lineAt(woven, 0));
        assertEquals(original.get(0).line(), ClassFiles.lineAt(woven, bodyStart));
        for (LineEntry entry : original) {
            assertEquals(entry.line(), ClassFiles.lineAt(woven, entry.offset() + bodyStart));
        }
    }

    /** Nothing to restore without any line numbers: the whole method then shows the prologue's line. */
    @Test
    void bodyWithoutAnyLineNumbersGetsOnlyThePrologueLine() throws WeaveException {
        byte[] stripped = withoutLineNumbers(SHAPES, SPIN, Integer.MAX_VALUE);
        assertEquals(List.of(), ClassFiles.lineTable(stripped, SPIN.toString()));
        assertEquals(List.of(new LineEntry(0, Trampoline.PROLOGUE_LINE)),
                ClassFiles.lineTable(Trampoline.weave(stripped, Set.of(SPIN)), SPIN.toString()));
    }

    /**
     * javac encodes a loop header at offset 0 as a {@code SAME} frame, which ASM's writer silently
     * merges with the prologue's own {@code SAME} frame, so the javac shape alone cannot show why
     * the prologue ends with a {@code NOP}. Another compiler may encode the same frame as a
     * {@code FULL} frame: without the {@code NOP} it would land on the prologue frame's offset,
     * which ASM refuses (and the JVM would reject).
     */
    @Test
    void loopHeaderWithFullFrameAtOffsetZero() throws Exception {
        byte[] fullFrame = withFullFrameAtOffsetZero(SHAPES, SPIN, new Object[] {Opcodes.INTEGER});
        new WovenLoader(Map.of(Shapes.class.getName(), fullFrame)).initialise(Shapes.class.getName());

        byte[] woven = Trampoline.weave(fullFrame, Set.of(SPIN));
        ClassFiles.assertVerifies(woven);
        Class<?> type = new WovenLoader(Map.of(Shapes.class.getName(), woven)).initialise(Shapes.class.getName());
        assertEquals(127, type.getMethod("spin", int.class).invoke(null, 3), "original body, no linker installed");
        assertTrue(ClassFiles.text(woven, SPIN.toString()).contains("FRAME SAME\n    NOP\n   L2\n    LINENUMBER 100 L2\n"
                + "   FRAME FULL [I] []\n"), "prologue frame and original frame, one instruction apart");
    }

    /** The offset where spin's original body starts once woven, read from the unstripped woven line table. */
    private static int prologueLength() throws WeaveException {
        List<LineEntry> original = ClassFiles.lineTable(SHAPES, SPIN.toString());
        List<LineEntry> woven = ClassFiles.lineTable(Trampoline.weave(SHAPES, Set.of(SPIN)), SPIN.toString());
        return woven.get(1).offset() - original.get(0).offset();
    }

    static List<MethodRef> shapesOf(Class<?> host) {
        return ShapeCase.all().stream()
                .filter(shape -> shape.host() == host)
                .map(ShapeCase::ref)
                .collect(Collectors.toList());
    }

    static byte[] withMajorVersion(byte[] classFile, int major) {
        byte[] copy = classFile.clone();
        copy[6] = (byte) (major >>> 8);
        copy[7] = (byte) major;
        return copy;
    }

    /** A copy of the class whose {@code method}'s first frame (at offset 0) is re-encoded as a FULL frame of {@code locals}. */
    static byte[] withFullFrameAtOffsetZero(byte[] classFile, MethodRef method, Object[] locals) {
        ClassReader reader = new ClassReader(classFile);
        ClassWriter writer = new ClassWriter(reader, 0);
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
                if (!method.toString().equals(name + descriptor)) {
                    return next;
                }
                return new MethodVisitor(Opcodes.ASM9, next) {
                    private boolean first = true;

                    @Override
                    public void visitFrame(int type, int numLocal, Object[] local, int numStack, Object[] stack) {
                        if (first) {
                            first = false;
                            super.visitFrame(Opcodes.F_FULL, locals.length, locals, 0, new Object[0]);
                        } else {
                            super.visitFrame(type, numLocal, local, numStack, stack);
                        }
                    }
                };
            }
        }, 0);
        return writer.toByteArray();
    }

    /** A copy of the class whose {@code method} lost its first {@code count} line number entries. */
    static byte[] withoutLineNumbers(byte[] classFile, MethodRef method, int count) {
        ClassReader reader = new ClassReader(classFile);
        ClassWriter writer = new ClassWriter(reader, 0);
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
                if (!method.toString().equals(name + descriptor)) {
                    return next;
                }
                return new MethodVisitor(Opcodes.ASM9, next) {
                    private int dropped;

                    @Override
                    public void visitLineNumber(int line, Label start) {
                        if (dropped++ >= count) {
                            super.visitLineNumber(line, start);
                        }
                    }
                };
            }
        }, 0);
        return writer.toByteArray();
    }
}
