package io.jlivepatch.core.weave;

import io.jlivepatch.core.model.MethodRef;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.MethodNode;

/**
 * The first, read-only pass over a class file: its name and version, and the declaration and code
 * of each method asked for (as trees, so that {@link BodyStart} can look at how the code begins).
 * Every refusal is decided from this scan before a single byte is written.
 *
 * <p>Not thread-safe: one instance per {@link Trampoline#weave} call, confined to its thread.
 */
final class ClassScan extends ClassVisitor {

    /** {@code name + descriptor} of the methods asked for, the same text as {@link MethodRef#toString()}. */
    private final Set<String> wanted;
    private final Map<String, MethodNode> found = new HashMap<>();
    private String internalName;
    private int version;

    private ClassScan(Set<String> wanted) {
        super(Opcodes.ASM9);
        this.wanted = wanted;
    }

    /** Scans {@code reader}'s class for {@code methods}; frames are skipped, they decide nothing here. */
    static ClassScan of(ClassReader reader, Set<MethodRef> methods) {
        ClassScan scan = new ClassScan(methods.stream().map(MethodRef::toString).collect(Collectors.toSet()));
        reader.accept(scan, ClassReader.SKIP_FRAMES);
        return scan;
    }

    @Override
    public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
        this.version = version;
        this.internalName = name;
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
        String key = name + descriptor;
        if (!wanted.contains(key)) {
            return null; // not asked for: its code is of no interest
        }
        MethodNode node = new MethodNode(Opcodes.ASM9, access, name, descriptor, signature, exceptions);
        found.put(key, node);
        return node;
    }

    /** The binary name with dots, as users and messages spell classes. */
    String className() {
        return internalName.replace('/', '.');
    }

    int majorVersion() {
        return version & 0xFFFF;
    }

    int minorVersion() {
        return version >>> 16;
    }

    /** The declaration and code of {@code method}, or {@code null} when the class does not declare it. */
    MethodNode method(MethodRef method) {
        return found.get(method.toString());
    }
}
