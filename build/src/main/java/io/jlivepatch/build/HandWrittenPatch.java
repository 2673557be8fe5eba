package io.jlivepatch.build;

import io.jlivepatch.core.model.Patch;
import io.jlivepatch.core.model.PatchFunc;
import io.jlivepatch.core.model.PatchObject;
import io.jlivepatch.core.model.SystemState;
import io.jlivepatch.core.reader.PatchFormatException;
import io.jlivepatch.core.reader.PatchJarReader;
import io.jlivepatch.core.reader.PatchJarWriter;
import io.jlivepatch.core.weave.Fingerprints;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Packages compiled hand-written patch classes ({@code @TargetClass}/{@code @Replace}) into the
 * patch jar format, optionally adding to every {@code @Replace} without one the fingerprint of its
 * target method in a given old version, so that hand-written patches are verified at enable like
 * generated ones.
 *
 * <p>Stateless and thread-safe.
 */
final class HandWrittenPatch {

    private static final String REPLACE = "Lio/jlivepatch/api/Replace;";

    /** The packaged jar, or the reasons it was refused. */
    record Result(byte[] jar, List<String> refusals, Patch patch) {}

    private HandWrittenPatch() {}

    /**
     * @param classFiles the patch classes by internal name
     * @param old the version the patch targets, or {@code null} for no fingerprints
     */
    static Result pack(String name, boolean replace, List<SystemState> states, SortedMap<String, byte[]> classFiles,
                       Program old) {
        Map<String, byte[]> classes = new TreeMap<>();
        classFiles.forEach((internalName, bytes) -> classes.put(Program.dotted(internalName), bytes));
        List<String> refusals = new ArrayList<>();
        Patch patch;
        try {
            patch = PatchJarReader.read(name + ".jar", PatchJarWriter.toBytes(name, replace, states, classes));
        } catch (PatchFormatException e) {
            refusals.add(e.getMessage());
            return new Result(null, refusals, null);
        }
        if (patch.objects().isEmpty()) {
            refusals.add("the patch classes have no @TargetClass class with @Replace methods: the patch would patch nothing");
        }
        if (old != null) {
            Map<String, Map<String, String>> fingerprints = fingerprints(patch, old, refusals);
            fingerprints.forEach((patchClass, byMethod) -> classes.put(patchClass, withFingerprints(classes.get(patchClass), byMethod)));
        }
        if (!refusals.isEmpty()) {
            return new Result(null, refusals, patch);
        }
        byte[] jar = PatchJarWriter.toBytes(name, replace, states, classes);
        try {
            return new Result(jar, refusals, PatchJarReader.read(name + ".jar", jar));
        } catch (PatchFormatException e) {
            refusals.add(e.getMessage());
            return new Result(null, refusals, patch);
        }
    }

    /** Patch class -> (replacement method name + descriptor -> fingerprint) for funcs that have none. */
    private static Map<String, Map<String, String>> fingerprints(Patch patch, Program old, List<String> refusals) {
        Map<String, Map<String, String>> result = new HashMap<>();
        for (PatchObject object : patch.objects()) {
            String internalName = object.className().replace('.', '/');
            byte[] bytes = old.bytes(internalName);
            for (PatchFunc func : object.funcs()) {
                if (func.isFingerprinted()) {
                    continue;
                }
                String fingerprint = bytes == null ? null : Fingerprints.of(bytes).get(func.method());
                if (fingerprint == null) {
                    refusals.add(object.className() + ": the patch replaces " + object.className() + "." + func.method()
                            + ", which the old version " + (bytes == null ? "does not have the class of"
                            : "does not declare"));
                    continue;
                }
                result.computeIfAbsent(func.replacement().className(), k -> new HashMap<>())
                        .put(func.replacement().method().toString(), fingerprint);
            }
        }
        return result;
    }

    /** The class with {@code fingerprint = ...} added to the {@code @Replace} of the methods named. */
    private static byte[] withFingerprints(byte[] classFile, Map<String, String> byMethod) {
        ClassReader reader = new ClassReader(classFile);
        ClassWriter writer = new ClassWriter(reader, 0);
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String methodName, String descriptor, String signature,
                                             String[] exceptions) {
                String fingerprint = byMethod.get(methodName + descriptor);
                MethodVisitor visitor = super.visitMethod(access, methodName, descriptor, signature, exceptions);
                if (fingerprint == null) {
                    return visitor;
                }
                return new MethodVisitor(api, visitor) {
                    @Override
                    public AnnotationVisitor visitAnnotation(String annotation, boolean visible) {
                        AnnotationVisitor values = super.visitAnnotation(annotation, visible);
                        if (!REPLACE.equals(annotation)) {
                            return values;
                        }
                        return new AnnotationVisitor(api, values) {
                            @Override
                            public void visitEnd() {
                                super.visit("fingerprint", fingerprint);
                                super.visitEnd();
                            }
                        };
                    }
                };
            }
        }, 0);
        return writer.toByteArray();
    }
}
