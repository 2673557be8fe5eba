package io.jlivepatch.agent.jvm;

import io.jlivepatch.runtime.Lambdas;
import java.util.Map;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.commons.ClassRemapper;
import org.objectweb.asm.commons.SimpleRemapper;

/**
 * Prepares a patch's replacement class for definition as a hidden nestmate of a target class: the
 * JVM requires a hidden class to be in its lookup class's package, so the class is renamed into the
 * target's package (keeping its simple name; the JVM appends a unique suffix), and nest attributes
 * it may carry from its own compilation are dropped, since the target's nest is the one it joins.
 * Every {@code LambdaMetafactory} call site is re-pointed to {@link Lambdas}, the one lambda
 * bootstrap of replacement code, hand-written or generated: the metafactory cannot serve a hidden
 * class on JDK 17, and {@link Lambdas} hands it back the sites it can serve.
 *
 * <p>Stateless and thread-safe.
 */
final class NestmateRewrite {

    private NestmateRewrite() {}

    /**
     * Returns {@code bytes} (the class {@code binaryName}) renamed into the package of
     * {@code target}.
     */
    static byte[] renameInto(byte[] bytes, String binaryName, Class<?> target) {
        String from = binaryName.replace('.', '/');
        String simple = from.substring(from.lastIndexOf('/') + 1);
        String pkg = target.getPackageName().replace('.', '/');
        String to = pkg.isEmpty() ? simple : pkg + "/" + simple;
        ClassReader reader = new ClassReader(bytes);
        ClassWriter writer = new ClassWriter(0);
        ClassVisitor dropNest = new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public void visitNestHost(String nestHost) {
                // joins the target's nest instead
            }

            @Override
            public void visitNestMember(String nestMember) {
                // ditto
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9, super.visitMethod(access, name, descriptor, signature, exceptions)) {
                    @Override
                    public void visitInvokeDynamicInsn(String indyName, String indyDescriptor, Handle bootstrap,
                                                       Object... bootstrapArguments) {
                        super.visitInvokeDynamicInsn(indyName, indyDescriptor, lambdas(bootstrap), bootstrapArguments);
                    }
                };
            }
        };
        reader.accept(new ClassRemapper(dropNest, new SimpleRemapper(Map.of(from, to))), 0);
        return writer.toByteArray();
    }

    /** {@code bootstrap}, or its {@link Lambdas} stand-in for the lambda bootstraps. */
    private static Handle lambdas(Handle bootstrap) {
        if (!bootstrap.getOwner().equals(Lambdas.LAMBDA_METAFACTORY)) {
            return bootstrap;
        }
        return new Handle(Opcodes.H_INVOKESTATIC, Lambdas.INTERNAL_NAME, bootstrap.getName(), bootstrap.getDesc(),
                false);
    }
}
