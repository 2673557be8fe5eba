package io.jlivepatch.core.reader;

import static io.jlivepatch.core.reader.PatchJarReaderErrorTest.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jlivepatch.core.model.MethodRef;
import io.jlivepatch.core.model.Patch;
import io.jlivepatch.core.model.SystemState;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Annotations javac would never write: built with ASM, to pin what the reader does with class files
 * from other compilers, other versions of the API, or by hand.
 */
class CraftedAnnotationsTest {

    private static final String NAME = "p.Fix";

    @TempDir
    Path dir;

    @Test
    void runtimeVisibleCopiesOfTheAnnotationsCountToo() throws Exception {
        byte[] fix = patchClass(true, cv -> cv.visit("value", "a.Target"), av -> av.visit("isStatic", true));

        Patch patch = PatchJarReader.read(jar(fix));

        assertEquals(new MethodRef("run", "(I)V"), patch.object("a.Target").funcs().get(0).method());
    }

    @Test
    void targetClassValueOfTheWrongType() throws Exception {
        byte[] fix = patchClass(false, cv -> cv.visit("value", 42), av -> { });

        assertRefused(jar(fix), "has an invalid annotation in p/Fix.class: @TargetClass(value) is not a string");
    }

    @Test
    void targetClassWithoutValue() throws Exception {
        byte[] fix = patchClass(false, cv -> { }, av -> { });

        assertRefused(jar(fix), "has an invalid annotation in p/Fix.class: @TargetClass has no value");
    }

    @Test
    void replaceWithAnUnknownElement() throws Exception {
        byte[] fix = patchClass(false, cv -> cv.visit("value", "a.Target"), av -> av.visit("since", "2"));

        assertRefused(jar(fix), "has an invalid annotation in p/Fix.class",
                "@Replace on p.Fix.run(I)V has an unknown element 'since'");
    }

    @Test
    void replaceIsStaticOfTheWrongType() throws Exception {
        byte[] fix = patchClass(false, cv -> cv.visit("value", "a.Target"), av -> av.visit("isStatic", "yes"));

        assertRefused(jar(fix), "@Replace(isStatic) on p.Fix.run(I)V is not a boolean");
    }

    @Test
    void replaceFingerprintReachesTheFunc() throws Exception {
        String sha = "0123456789abcdef".repeat(4);
        byte[] fix = patchClass(false, cv -> cv.visit("value", "a.Target"), av -> {
            av.visit("isStatic", true);
            av.visit("fingerprint", sha);
        });

        assertEquals(sha, PatchJarReader.read(jar(fix)).object("a.Target").funcs().get(0).fingerprint());
    }

    @Test
    void noFingerprintMeansUnchecked() throws Exception {
        byte[] fix = patchClass(false, cv -> cv.visit("value", "a.Target"), av -> av.visit("isStatic", true));

        assertEquals(false, PatchJarReader.read(jar(fix)).object("a.Target").funcs().get(0).isFingerprinted());
    }

    @Test
    void replaceFingerprintThatIsNotASha256() throws Exception {
        byte[] fix = patchClass(false, cv -> cv.visit("value", "a.Target"), av -> {
            av.visit("isStatic", true);
            av.visit("fingerprint", "abc");
        });

        assertRefused(jar(fix), "has an invalid @Replace method p.Fix.run(I)V: invalid fingerprint 'abc' for run(I)V");
    }

    @Test
    void replaceFingerprintOfTheWrongType() throws Exception {
        byte[] fix = patchClass(false, cv -> cv.visit("value", "a.Target"), av -> av.visit("fingerprint", 7));

        assertRefused(jar(fix), "@Replace(fingerprint) on p.Fix.run(I)V is not a string");
    }

    private Path jar(byte[] fix) throws Exception {
        Path jar = dir.resolve("fix.jar");
        PatchJarWriter.write(jar, "fix", false, List.<SystemState>of(), Map.of(NAME, fix));
        return jar;
    }

    /** {@code class p.Fix} with a class annotation and one {@code static void run(int)} method annotation. */
    private static byte[] patchClass(boolean visible, Consumer<AnnotationVisitor> targetClass,
                                     Consumer<AnnotationVisitor> replace) {
        ClassWriter cw = new ClassWriter(0);
        cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL, "p/Fix", null, "java/lang/Object", null);
        AnnotationVisitor cv = cw.visitAnnotation(ClassAnnotations.TARGET_CLASS, visible);
        targetClass.accept(cv);
        cv.visitEnd();
        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_STATIC, "run", "(I)V", null, null);
        AnnotationVisitor av = mv.visitAnnotation(ClassAnnotations.REPLACE, visible);
        replace.accept(av);
        av.visitEnd();
        mv.visitCode();
        mv.visitInsn(Opcodes.RETURN);
        mv.visitMaxs(0, 1);
        mv.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }
}
