package io.jlivepatch.core.weave;

import java.util.Map;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The writing pass: routes each method to weave through a {@link PrologueEmitter} and every other
 * method straight to the {@code ClassWriter}. Because that writer was created from the same
 * {@code ClassReader}, methods reaching it directly are copied byte for byte, constant pool
 * indexes included; new constants are appended after the original ones.
 *
 * <p>Not thread-safe: one instance per {@link Trampoline#weave} call.
 */
final class TrampolineInserter extends ClassVisitor {

    /** How the code of each method to weave begins, by {@code name + descriptor}. */
    private final Map<String, BodyStart> targets;
    private String owner;
    private int version;

    TrampolineInserter(ClassVisitor writer, Map<String, BodyStart> targets) {
        super(Opcodes.ASM9, writer);
        this.targets = targets;
    }

    @Override
    public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
        this.owner = name;
        this.version = version;
        super.visit(version, access, name, signature, superName, interfaces);
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
        MethodVisitor code = super.visitMethod(access, name, descriptor, signature, exceptions);
        BodyStart start = targets.get(name + descriptor);
        if (start == null || code == null) {
            return code; // untouched: the writer copies it
        }
        return new PrologueEmitter(code, owner, version, access, name, descriptor, start.lineToRestore());
    }
}
