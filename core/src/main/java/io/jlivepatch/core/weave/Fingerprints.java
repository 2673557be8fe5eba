package io.jlivepatch.core.weave;

import io.jlivepatch.core.model.MethodRef;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.MethodNode;

/**
 * Fingerprints of methods: the SHA-256, in lower-case hex, of their {@link MethodText} normal form.
 * {@code jlivepatch build} records the fingerprint of each method a patch replaces, as compiled in
 * the version it was built against; at enable, the registry compares it with the same method of
 * the class bytes as the JVM originally loaded them, and refuses the patch on a difference.
 *
 * <p>Debug-only differences (line numbers, local variable names, frames, constant-pool order) give
 * the same fingerprint; anything that changes what the code does gives another.
 *
 * <p>Stateless and thread-safe.
 */
public final class Fingerprints {

    /** Debug attributes and frames are not part of the normal form, so they are not even parsed. */
    private static final int PARSING = ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES;

    private Fingerprints() {}

    /**
     * The fingerprints of every method {@code classBytes} declares, by method.
     *
     * @throws IllegalArgumentException if the bytes are not a class file ASM can read
     */
    public static Map<MethodRef, String> of(byte[] classBytes) {
        return of(classBytes, method -> true);
    }

    /**
     * The fingerprints of those of {@code methods} that {@code classBytes} declares; a method it
     * does not declare has no entry.
     *
     * @throws IllegalArgumentException if the bytes are not a class file ASM can read
     */
    public static Map<MethodRef, String> of(byte[] classBytes, Set<MethodRef> methods) {
        return of(classBytes, methods::contains);
    }

    /** The fingerprint of one method. */
    public static String of(MethodNode method) {
        return sha256(MethodText.of(method, MethodText.Naming.AS_IS));
    }

    private static Map<MethodRef, String> of(byte[] classBytes, Predicate<MethodRef> wanted) {
        Map<MethodRef, MethodNode> nodes = new TreeMap<>((a, b) -> a.toString().compareTo(b.toString()));
        try {
            new ClassReader(classBytes).accept(new ClassVisitor(Opcodes.ASM9) {
                @Override
                public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                                 String[] exceptions) {
                    MethodRef method = new MethodRef(name, descriptor);
                    if (!wanted.test(method)) {
                        return null;
                    }
                    MethodNode node = new MethodNode(Opcodes.ASM9, access, name, descriptor, signature, exceptions);
                    nodes.put(method, node);
                    return node;
                }
            }, PARSING);
        } catch (RuntimeException malformed) { // ASM's way of saying "not a class file it can read"
            throw new IllegalArgumentException("cannot read the class file: " + malformed, malformed);
        }
        Map<MethodRef, String> fingerprints = new TreeMap<>((a, b) -> a.toString().compareTo(b.toString()));
        nodes.forEach((method, node) -> fingerprints.put(method, of(node)));
        return fingerprints;
    }

    /** SHA-256 of {@code text}'s UTF-8 bytes, in lower-case hex. */
    public static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
