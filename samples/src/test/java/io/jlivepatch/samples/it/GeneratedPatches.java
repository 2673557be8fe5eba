package io.jlivepatch.samples.it;

import static org.objectweb.asm.Opcodes.*;

import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;

/**
 * Patch classes javac will not write: replacement code that reads a private field and calls a
 * private method of its target (what a generated patch carries over from the fixed class), and a
 * class that fails verification.
 */
final class GeneratedPatches {

    static final String GREETER = "io/jlivepatch/samples/targets/Greeter";

    private GeneratedPatches() {}

    /**
     * {@code static String greet(Greeter self, String name) { return self.decorate(self.greeting + "+" + name); }}
     * where {@code greeting} and {@code decorate} are private.
     */
    static byte[] privateAccess(String binaryName) {
        ClassWriter cw = header(binaryName);
        MethodVisitor mv = replace(cw, "greet", "(L" + GREETER + ";Ljava/lang/String;)Ljava/lang/String;");
        mv.visitCode();
        mv.visitVarInsn(ALOAD, 0);                                        // self
        mv.visitVarInsn(ALOAD, 0);                                        // self, self
        mv.visitFieldInsn(GETFIELD, GREETER, "greeting", "Ljava/lang/String;"); // self, greeting
        mv.visitLdcInsn("+");
        mv.visitMethodInsn(INVOKEVIRTUAL, "java/lang/String", "concat", "(Ljava/lang/String;)Ljava/lang/String;", false);
        mv.visitVarInsn(ALOAD, 1);
        mv.visitMethodInsn(INVOKEVIRTUAL, "java/lang/String", "concat", "(Ljava/lang/String;)Ljava/lang/String;", false);
        mv.visitMethodInsn(INVOKEVIRTUAL, GREETER, "decorate", "(Ljava/lang/String;)Ljava/lang/String;", false);
        mv.visitInsn(ARETURN);
        mv.visitMaxs(3, 2);
        mv.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }

    /** A replacement for {@code greet(String)} whose body returns an int as a reference: a VerifyError. */
    static byte[] unverifiable(String binaryName) {
        ClassWriter cw = header(binaryName);
        MethodVisitor mv = replace(cw, "greet", "(L" + GREETER + ";Ljava/lang/String;)Ljava/lang/String;");
        mv.visitCode();
        mv.visitInsn(ICONST_1);
        mv.visitInsn(ARETURN);
        mv.visitMaxs(1, 2);
        mv.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }

    private static ClassWriter header(String binaryName) {
        ClassWriter cw = new ClassWriter(0);
        cw.visit(V17, ACC_PUBLIC | ACC_FINAL | ACC_SUPER, binaryName.replace('.', '/'), null, "java/lang/Object", null);
        AnnotationVisitor target = cw.visitAnnotation("Lio/jlivepatch/api/TargetClass;", false);
        target.visit("value", GREETER.replace('/', '.'));
        target.visitEnd();
        return cw;
    }

    private static MethodVisitor replace(ClassWriter cw, String name, String descriptor) {
        MethodVisitor mv = cw.visitMethod(ACC_STATIC, name, descriptor, null, null);
        mv.visitAnnotation("Lio/jlivepatch/api/Replace;", false).visitEnd();
        return mv;
    }
}
