package io.jlivepatch.benchmarks.replace;

import io.jlivepatch.benchmarks.support.Patches;
import io.jlivepatch.core.model.Patch;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Generates, with ASM, the replace benchmark's targets and patches: {@code methods} static methods
 * {@code int mK(int x) { return x + K; }} spread round-robin over {@code classes} target classes
 * (so that every class holds methods of every patch and every weave touches every class), and
 * patches whose replacement of {@code mK} returns {@code x + K + tag}.
 *
 * <p>Targets are defined in this package's class loader through {@link MethodHandles.Lookup}, so
 * they are ordinary loaded classes the agent can find and retransform.
 *
 * <p>Thread-safety: not thread-safe; one harness thread uses it.
 */
final class Generated {

    private static final String PACKAGE = "io/jlivepatch/benchmarks/replace/";

    private final int classes;
    private final int methods;
    private final String prefix;
    private final List<Class<?>> targets = new ArrayList<>();

    /** Defines the targets now. */
    Generated(int classes, int methods) throws IllegalAccessException {
        this.classes = classes;
        this.methods = methods;
        this.prefix = "G" + classes + "x";
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        for (int c = 0; c < classes; c++) {
            targets.add(lookup.defineClass(target(c)));
        }
    }

    int classes() {
        return classes;
    }

    private String targetName(int c) {
        return PACKAGE + prefix + c;
    }

    private int classOf(int method) {
        return method % classes;
    }

    private byte[] target(int c) {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS | ClassWriter.COMPUTE_FRAMES);
        cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, targetName(c), null, "java/lang/Object", null);
        for (int k = 0; k < methods; k++) {
            if (classOf(k) == c) {
                addMethod(cw, Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, k, k, false);
            }
        }
        cw.visitEnd();
        return cw.toByteArray();
    }

    private static void addMethod(ClassWriter cw, int access, int k, int add, boolean replace) {
        MethodVisitor mv = cw.visitMethod(access, "m" + k, "(I)I", null, null);
        if (replace) {
            AnnotationVisitor av = mv.visitAnnotation("Lio/jlivepatch/api/Replace;", false);
            av.visit("isStatic", Boolean.TRUE);
            av.visitEnd();
        }
        mv.visitCode();
        mv.visitVarInsn(Opcodes.ILOAD, 0);
        mv.visitLdcInsn(add);
        mv.visitInsn(Opcodes.IADD);
        mv.visitInsn(Opcodes.IRETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    /** A patch replacing methods {@code from} (inclusive) to {@code to} (exclusive) with {@code x + K + tag}. */
    Patch patch(String name, boolean replace, int from, int to, int tag) {
        Map<String, byte[]> fixes = new LinkedHashMap<>();
        for (int c = 0; c < classes; c++) {
            String fixName = PACKAGE + "Fix" + name + "_" + prefix + c;
            ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS | ClassWriter.COMPUTE_FRAMES);
            cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL | Opcodes.ACC_SUPER, fixName, null,
                    "java/lang/Object", null);
            AnnotationVisitor av = cw.visitAnnotation("Lio/jlivepatch/api/TargetClass;", false);
            av.visit("value", targetName(c).replace('/', '.'));
            av.visitEnd();
            boolean any = false;
            for (int k = from; k < to; k++) {
                if (classOf(k) == c) {
                    addMethod(cw, Opcodes.ACC_STATIC, k, k + tag, true);
                    any = true;
                }
            }
            cw.visitEnd();
            if (any) {
                fixes.put(fixName.replace('/', '.'), cw.toByteArray());
            }
        }
        return Patches.of(name, replace, fixes);
    }

    /** Calls {@code mK(0)}: {@code K} when original, {@code K + tag} when patched with {@code tag}. */
    int call(int k) throws Throwable {
        MethodHandle mh = MethodHandles.lookup().findStatic(targets.get(classOf(k)), "m" + k,
                MethodType.methodType(int.class, int.class));
        return (int) mh.invokeExact(0);
    }
}
