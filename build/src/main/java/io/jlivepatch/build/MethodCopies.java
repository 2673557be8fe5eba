package io.jlivepatch.build;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.commons.Remapper;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * The methods of one replacement class: which methods of the new version are copied into it, under
 * which name and static descriptor (receiver first, class names mapped to the running ones), and
 * which copies are still to be rewritten. The funcs come first; rewriting a copy may add more (a
 * new or changed private method, a lambda body), each once however often it is used.
 *
 * <p>Not thread-safe; one instance per replacement class.
 */
final class MethodCopies {

    /** One method of the replacement class. */
    static final class Copy {
        final MethodNode source;
        final String name;
        final String descriptor;
        final boolean func;

        Copy(MethodNode source, String name, String descriptor, boolean func) {
            this.source = source;
            this.name = name;
            this.descriptor = descriptor;
            this.func = func;
        }
    }

    private final ClassNode oldClass;
    private final ClassNode newClass;
    private final ClassComparison.Changes changes;
    private final Set<MethodNode> funcs;
    private final Remapper toOld;
    private final Report report;
    private final String target;
    private final String carrier;
    /** Copies by the key {@code name + descriptor} of the source, with class names mapped to the running ones. */
    private final Map<String, Copy> copies = new LinkedHashMap<>();
    /** {@code name + descriptor} of every copy: a static copy of an instance method may clash with a static one. */
    private final Set<String> taken = new HashSet<>();
    private final Deque<Copy> pending = new ArrayDeque<>();

    /**
     * @param changes the class's funcs and the changed methods a selection left out
     * @param toOld maps the new version's class names to the running ones
     * @param target the running class (internal name)
     * @param carrier the binary name of the replacement class, for the report
     */
    MethodCopies(ClassNode oldClass, ClassNode newClass, ClassComparison.Changes changes, Remapper toOld,
            Report report, String target, String carrier) {
        this.oldClass = oldClass;
        this.newClass = newClass;
        this.changes = changes;
        this.funcs = new HashSet<>(changes.funcs());
        this.toOld = toOld;
        this.report = report;
        this.target = target;
        this.carrier = carrier;
    }

    /** Whether {@code method} (of the new class) is one of the funcs. */
    boolean isFunc(MethodNode method) {
        return funcs.contains(method);
    }

    /** The next copy to rewrite, or {@code null} when all are. */
    Copy next() {
        return pending.pollFirst();
    }

    /** The copy of {@code source} (a method of the new class), added the first time. */
    Copy copy(MethodNode source, boolean func) {
        String key = source.name + toOld.mapMethodDesc(source.desc);
        Copy copy = copies.get(key);
        if (copy != null) {
            return copy;
        }
        boolean isStatic = (source.access & Opcodes.ACC_STATIC) != 0;
        String descriptor = toOld.mapMethodDesc(isStatic ? source.desc
                : "(" + Type.getObjectType(newClass.name).getDescriptor() + source.desc.substring(1));
        String chosen = source.name;
        for (int n = 1; !taken.add(chosen + descriptor); n++) {
            chosen = source.name + "$" + n;
        }
        copy = new Copy(source, chosen, descriptor, func);
        copies.put(key, copy);
        pending.add(copy);
        if (!func) {
            report.carried(Program.dotted(target), (Program.isLambda(source) ? "lambda body "
                    : changes.helpers().contains(source) ? "changed private method " : "new private method ")
                    + source.name + source.desc + " as " + carrier + "." + chosen + descriptor);
        }
        return copy;
    }

    /** The new class's method with this name and mapped descriptor, or {@code null}. */
    MethodNode newMethod(String methodName, String mappedDescriptor) {
        for (MethodNode method : newClass.methods) {
            if (method.name.equals(methodName) && toOld.mapMethodDesc(method.desc).equals(mappedDescriptor)) {
                return method;
            }
        }
        return null;
    }

    /**
     * Whether a method of the new class the copied code uses must be copied too: a lambda body, or
     * a private method the running class lacks or runs in its old version (a hidden nestmate can
     * call the target's private methods, but only as they are).
     */
    boolean mustCopy(MethodNode method) {
        if (Program.isLambda(method)) {
            return true;
        }
        if ((method.access & Opcodes.ACC_PRIVATE) == 0 || method.name.startsWith("<")) {
            return false;
        }
        MethodNode old = Program.method(oldClass, method.name, toOld.mapMethodDesc(method.desc));
        return old == null || funcs.contains(method) || changes.helpers().contains(method);
    }
}
