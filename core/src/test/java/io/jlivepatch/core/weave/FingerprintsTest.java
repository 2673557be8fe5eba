package io.jlivepatch.core.weave;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlivepatch.core.model.MethodRef;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Fingerprints ignore what only describes code (line numbers, local variable tables, frames'
 * encoding, constant-pool order) and see everything that changes what it does.
 */
class FingerprintsTest {

    private static final MethodRef PICK = new MethodRef("pick", "(I)Ljava/lang/String;");

    /** demo.Chooser with one method {@code pick(int)}: {@code try { return i > 0 ? "a" : "b"; } catch (RuntimeException e) { return "c"; }}. */
    private static byte[] chooser(boolean debug, String a, String poolFirst, Consumer<MethodVisitor> extra) {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS | ClassWriter.COMPUTE_FRAMES);
        writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "demo/Chooser", null, "java/lang/Object", null);
        if (poolFirst != null) {
            writer.newConst(poolFirst); // shifts every later constant-pool index
        }
        MethodVisitor mv = writer.visitMethod(Opcodes.ACC_PUBLIC, PICK.name(), PICK.descriptor(), null, null);
        mv.visitCode();
        Label start = new Label();
        Label end = new Label();
        Label handler = new Label();
        Label otherwise = new Label();
        mv.visitTryCatchBlock(start, end, handler, "java/lang/RuntimeException");
        mv.visitLabel(start);
        if (debug) {
            mv.visitLineNumber(10, start);
        }
        extra.accept(mv);
        mv.visitVarInsn(Opcodes.ILOAD, 1);
        mv.visitJumpInsn(Opcodes.IFLE, otherwise);
        mv.visitLdcInsn(a);
        mv.visitLabel(end);
        mv.visitInsn(Opcodes.ARETURN);
        mv.visitLabel(otherwise);
        if (debug) {
            mv.visitLineNumber(11, otherwise);
        }
        mv.visitLdcInsn("b");
        mv.visitInsn(Opcodes.ARETURN);
        mv.visitLabel(handler);
        mv.visitVarInsn(Opcodes.ASTORE, 2);
        mv.visitLdcInsn("c");
        mv.visitInsn(Opcodes.ARETURN);
        Label last = new Label();
        mv.visitLabel(last);
        if (debug) {
            mv.visitLocalVariable("this", "Ldemo/Chooser;", null, start, last, 0);
            mv.visitLocalVariable("i", "I", null, start, last, 1);
        }
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        writer.visitEnd();
        return writer.toByteArray();
    }

    private static byte[] chooser() {
        return chooser(false, "a", null, mv -> {});
    }

    private static String pick(byte[] classBytes) {
        Map<MethodRef, String> all = Fingerprints.of(classBytes);
        assertTrue(all.containsKey(PICK), all.toString());
        return all.get(PICK);
    }

    @Test
    void isTheHexSha256OfTheNormalForm() {
        assertTrue(pick(chooser()).matches("[0-9a-f]{64}"), pick(chooser()));
    }

    @Test
    void ignoresLineNumbersAndLocalVariables() {
        assertEquals(pick(chooser()), pick(chooser(true, "a", null, mv -> {})));
    }

    @Test
    void ignoresConstantPoolOrder() {
        assertEquals(pick(chooser()), pick(chooser(false, "a", "zzz", mv -> {})));
        assertEquals(pick(chooser()), pick(chooser(false, "a", "b", mv -> {})));
    }

    @Test
    void ignoresHowFramesAreEncoded() {
        ClassWriter expanded = new ClassWriter(0);
        new ClassReader(chooser()).accept(expanded, ClassReader.EXPAND_FRAMES);
        assertEquals(pick(chooser()), pick(expanded.toByteArray()));
    }

    @Test
    void seesAChangedConstantAnInstructionAndTheKindOfAConstant() {
        String base = pick(chooser());
        assertNotEquals(base, pick(chooser(false, "A", null, mv -> {})));
        assertNotEquals(base, pick(chooser(false, "a", null, mv -> mv.visitInsn(Opcodes.NOP))));
        String intOne = pick(chooser(false, "a", null, mv -> {
            mv.visitLdcInsn(1);
            mv.visitInsn(Opcodes.POP);
        }));
        String stringOne = pick(chooser(false, "a", null, mv -> {
            mv.visitLdcInsn("1");
            mv.visitInsn(Opcodes.POP);
        }));
        assertNotEquals(intOne, stringOne);
    }

    @Test
    void seesTheExceptionTable() {
        ClassWriter writer = new ClassWriter(0);
        new ClassReader(chooser()).accept(new org.objectweb.asm.ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                return new MethodVisitor(api, super.visitMethod(access, name, descriptor, signature, exceptions)) {
                    @Override
                    public void visitTryCatchBlock(Label start, Label end, Label handler, String type) {
                        super.visitTryCatchBlock(start, end, handler, "java/lang/IllegalStateException");
                    }
                };
            }
        }, 0);
        assertNotEquals(pick(chooser()), pick(writer.toByteArray()));
    }

    @Test
    void onlyTheMethodsAskedForAndOnlyThoseDeclared() {
        MethodRef missing = new MethodRef("gone", "()V");
        Map<MethodRef, String> some = Fingerprints.of(chooser(), Set.of(PICK, missing));
        assertEquals(Set.of(PICK), some.keySet());
    }

    @Test
    void refusesWhatIsNotAClassFile() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Fingerprints.of(new byte[] {1, 2, 3}));
        assertTrue(e.getMessage().startsWith("cannot read the class file"), e.getMessage());
    }
}
