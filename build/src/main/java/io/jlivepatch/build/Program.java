package io.jlivepatch.build;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.regex.Pattern;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldNode;
import org.objectweb.asm.tree.InnerClassNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * One compiled version of the application (old or new): its class files, parsed on demand, and the
 * questions the build asks of them: which classes and members the compiler numbered, which classes
 * are switch maps, and where a member is declared (within the version, then in the JDK the build
 * runs on).
 *
 * <p>Not thread-safe: parsed classes are cached; one instance serves one build.
 */
final class Program {

    /** {@code lambda$name$N} (javac) and {@code access$N} (pre-nestmate accessors): named by the compiler's counter. */
    private static final Pattern NUMBERED_METHOD = Pattern.compile("lambda\\$.*\\$\\d+|access\\$\\d+");

    private final String label;
    private final SortedMap<String, byte[]> classFiles;
    private final Map<String, ClassNode> parsed = new HashMap<>();
    private final Map<String, ClassNode> platform = new HashMap<>();

    Program(String label, SortedMap<String, byte[]> classFiles) {
        this.label = label;
        this.classFiles = classFiles;
    }

    /** "old" or "new", or the path the version came from: for messages. */
    String label() {
        return label;
    }

    Set<String> names() {
        return classFiles.keySet();
    }

    boolean contains(String internalName) {
        return classFiles.containsKey(internalName);
    }

    byte[] bytes(String internalName) {
        return classFiles.get(internalName);
    }

    /**
     * The class, fully parsed (code, debug information, frames as stored), or {@code null}.
     *
     * @throws IllegalArgumentException naming the class if its class file cannot be read
     */
    ClassNode node(String internalName) {
        ClassNode node = parsed.get(internalName);
        if (node == null && classFiles.containsKey(internalName)) {
            node = new ClassNode();
            try {
                new ClassReader(classFiles.get(internalName)).accept(node, 0);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("the " + label + " version's class file of "
                        + internalName.replace('/', '.') + " cannot be read: " + e, e);
            }
            parsed.put(internalName, node);
        }
        return node;
    }

    MethodNode method(String owner, String name, String descriptor) {
        ClassNode node = node(owner);
        return node == null ? null : method(node, name, descriptor);
    }

    static MethodNode method(ClassNode node, String name, String descriptor) {
        for (MethodNode method : node.methods) {
            if (method.name.equals(name) && method.desc.equals(descriptor)) {
                return method;
            }
        }
        return null;
    }

    static FieldNode field(ClassNode node, String name) {
        for (FieldNode field : node.fields) {
            if (field.name.equals(name)) {
                return field;
            }
        }
        return null;
    }

    /** A synthetic method the compiler named with a counter: a lambda body or an accessor. */
    static boolean isNumbered(MethodNode method) {
        return (method.access & Opcodes.ACC_SYNTHETIC) != 0 && NUMBERED_METHOD.matcher(method.name).matches();
    }

    static boolean isLambda(MethodNode method) {
        return isNumbered(method) && method.name.startsWith("lambda$");
    }

    /** An anonymous or local class (the compiler numbers both), not a switch map. */
    boolean isNumbered(String internalName) {
        ClassNode node = node(internalName);
        if (node == null || isSwitchMap(internalName)) {
            return false;
        }
        for (InnerClassNode inner : node.innerClasses) {
            if (inner.name.equals(internalName)) {
                return inner.innerName == null || inner.outerName == null;
            }
        }
        return false;
    }

    /**
     * A class javac generates to map enum ordinals for switch statements: synthetic, holding only
     * {@code static final int[] $SwitchMap$...} fields filled by its static initialiser.
     */
    boolean isSwitchMap(String internalName) {
        ClassNode node = node(internalName);
        if (node == null || (node.access & Opcodes.ACC_SYNTHETIC) == 0 || node.fields.isEmpty()) {
            return false;
        }
        for (FieldNode field : node.fields) {
            if (!field.name.startsWith("$SwitchMap$") || !field.desc.equals("[I")) {
                return false;
            }
        }
        for (MethodNode method : node.methods) {
            if (!method.name.equals("<clinit>")) {
                return false;
            }
        }
        return true;
    }

    /** The class whose code a numbered class was written in ({@code EnclosingMethod}), or {@code null}. */
    String enclosingClass(String internalName) {
        ClassNode node = node(internalName);
        if (node == null) {
            return null;
        }
        if (node.outerClass != null) {
            return node.outerClass;
        }
        for (InnerClassNode inner : node.innerClasses) {
            if (inner.name.equals(internalName)) {
                return inner.outerName;
            }
        }
        return null;
    }

    /**
     * The header (no code) of a class of this version, or else of the JDK this build runs on, or
     * {@code null} when neither has it (a library the build was not given).
     */
    ClassNode header(String internalName) {
        ClassNode node = node(internalName);
        if (node != null) {
            return node;
        }
        if (platform.containsKey(internalName)) {
            return platform.get(internalName);
        }
        ClassNode header = null;
        try (InputStream in = ClassLoader.getSystemResourceAsStream(internalName + ".class")) {
            if (in != null) {
                header = new ClassNode();
                new ClassReader(in.readAllBytes()).accept(header, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG);
            }
        } catch (IOException | RuntimeException e) {
            header = null; // unknown: callers take the cautious path
        }
        platform.put(internalName, header);
        return header;
    }

    /** Whether {@code ancestor} is {@code internalName} or one of its superclasses (as far as known). */
    boolean isSuperclassOrSelf(String ancestor, String internalName) {
        for (String at = internalName; at != null; ) {
            if (at.equals(ancestor)) {
                return true;
            }
            ClassNode header = header(at);
            at = header == null ? null : header.superName;
        }
        return false;
    }

    /**
     * Where a field or method named from {@code owner} is declared: walks superclasses, then
     * interfaces. {@code null} when some class on the way is unknown or nothing declares it.
     */
    Declared declaration(String owner, String name, String descriptor, boolean isField) {
        return declaration(owner, name, descriptor, isField, 0);
    }

    private Declared declaration(String owner, String name, String descriptor, boolean isField, int depth) {
        ClassNode header = header(owner);
        if (header == null || depth > 64) {
            return null;
        }
        if (isField) {
            for (FieldNode field : header.fields) {
                if (field.name.equals(name) && field.desc.equals(descriptor)) {
                    return new Declared(owner, field.access);
                }
            }
        } else {
            for (MethodNode method : header.methods) {
                if (method.name.equals(name) && method.desc.equals(descriptor)) {
                    return new Declared(owner, method.access);
                }
            }
        }
        if (header.superName != null) {
            Declared found = declaration(header.superName, name, descriptor, isField, depth + 1);
            if (found != null) {
                return found;
            }
        }
        for (String itf : header.interfaces) {
            Declared found = declaration(itf, name, descriptor, isField, depth + 1);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    /** Whether every class from {@code owner} up is known, so that "not declared" is a fact. */
    boolean isHierarchyKnown(String owner) {
        return isHierarchyKnown(owner, 0);
    }

    private boolean isHierarchyKnown(String owner, int depth) {
        ClassNode header = header(owner);
        if (header == null || depth > 64) {
            return false;
        }
        if (header.superName != null && !isHierarchyKnown(header.superName, depth + 1)) {
            return false;
        }
        for (String itf : header.interfaces) {
            if (!isHierarchyKnown(itf, depth + 1)) {
                return false;
            }
        }
        return true;
    }

    /** A member's declaring class and access flags. */
    record Declared(String owner, int access) {}

    static String packageOf(String internalName) {
        int slash = internalName.lastIndexOf('/');
        return slash < 0 ? "" : internalName.substring(0, slash);
    }

    static String dotted(String internalName) {
        return internalName.replace('/', '.');
    }
}
