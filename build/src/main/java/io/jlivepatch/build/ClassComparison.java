package io.jlivepatch.build;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Compares one class of the old version with its counterpart in the new one and reports every
 * difference: what the class declares apart from its methods ({@link DeclarationComparison}),
 * which methods it adds or removes, and, method by method, the code in its normal form
 * ({@link ContentNaming}). Changed methods that can be replaced become funcs; everything a loaded
 * class cannot take is refused with a message naming the class and member.
 *
 * <p>Not thread-safe (the namings memoize); one instance per class pair.
 */
final class ClassComparison {

    static final String ASSERTIONS = "$assertionsDisabled";

    /**
     * The funcs of one class: the new version's code of each changed method, by the old class's name.
     *
     * @param target the old (running) class
     * @param newName its counterpart in the new version
     * @param funcs the changed methods to patch (new version)
     * @param helpers changed private methods a selection left out, which the funcs' code runs in
     *     their new version: copied into the replacement class, not patched
     * @param leftOut the other changed methods a selection left out: the funcs' code calls their
     *     running version
     */
    record Changes(String target, String newName, List<MethodNode> funcs, Set<MethodNode> helpers,
                   Set<MethodNode> leftOut) {

        Changes(String target, String newName, List<MethodNode> funcs) {
            this(target, newName, funcs, Set.of(), Set.of());
        }
    }

    private final ClassNode old;
    private final ClassNode now;
    private final ContentNaming oldNaming;
    private final ContentNaming newNaming;
    private final Report report;
    private final String name;

    ClassComparison(ClassNode old, ClassNode now, ContentNaming oldNaming, ContentNaming newNaming, Report report) {
        this.old = old;
        this.now = now;
        this.oldNaming = oldNaming;
        this.newNaming = newNaming;
        this.report = report;
        this.name = Program.dotted(old.name);
    }

    /** Compares, reports, and returns the funcs; {@code null} when the classes are the same. */
    Changes compare() {
        int before = report.findings();
        boolean enumChanged = new DeclarationComparison(old, now, oldNaming, newNaming, report).compare();
        List<MethodNode> funcs = methods(enumChanged);
        boolean same = funcs.isEmpty() && report.findings() == before;
        report.compared(same);
        return same ? null : new Changes(old.name, now.name, funcs);
    }

    private List<MethodNode> methods(boolean enumChanged) {
        Map<String, MethodNode> olds = byKey(old, oldNaming);
        Map<String, MethodNode> news = byKey(now, newNaming);
        Map<String, MethodNode> onlyOld = new LinkedHashMap<>(olds);
        onlyOld.keySet().removeAll(news.keySet());
        Map<String, MethodNode> onlyNew = new LinkedHashMap<>(news);
        onlyNew.keySet().removeAll(olds.keySet());
        List<MethodNode> funcs = new ArrayList<>();
        for (Map.Entry<String, MethodNode> entry : olds.entrySet()) {
            MethodNode before = entry.getValue();
            MethodNode after = news.get(entry.getKey());
            if (after == null) {
                removed(before, onlyNew);
            } else if (compare(before, after, enumChanged)) {
                funcs.add(after);
            }
        }
        for (MethodNode method : onlyNew.values()) {
            added(method, onlyOld, enumChanged);
        }
        return funcs;
    }

    /** Methods by {@code name + descriptor} (mapped), without the numbered ones: they are compared where they are used. */
    private static Map<String, MethodNode> byKey(ClassNode node, ContentNaming naming) {
        Map<String, MethodNode> methods = new LinkedHashMap<>();
        for (MethodNode method : node.methods) {
            if (!Program.isNumbered(method)) {
                methods.put(method.name + naming.methodDescriptor(method.desc), method);
            }
        }
        return methods;
    }

    private void removed(MethodNode method, Map<String, MethodNode> news) {
        String member = name + "." + method.name + method.desc;
        MethodNode renamed = sameName(news, method.name);
        boolean isPrivate = (method.access & Opcodes.ACC_PRIVATE) != 0;
        if (renamed != null && !isPrivate && !method.name.startsWith("<")) {
            refuse(method, "changed the signature of " + name + "." + method.name + " from " + method.desc + " to "
                    + renamed.desc + ": a loaded class keeps its methods, and callers name the old signature");
        } else if (method.name.equals("<init>")) {
            refuse(method, "removed constructor " + member + ": a loaded class keeps its constructors");
        } else if (isPrivate || (method.access & (Opcodes.ACC_STATIC | Opcodes.ACC_SYNTHETIC)) != 0) {
            note(method, "removed method " + member + ": it stays in the loaded class, unused by the new code");
        } else {
            refuse(method, "removed method " + member + ": the loaded class keeps it, so an override would"
                    + " still run where the new version runs the inherited method");
        }
    }

    private void added(MethodNode method, Map<String, MethodNode> olds, boolean enumChanged) {
        String member = name + "." + method.name + method.desc;
        if (method.name.equals("<clinit>")) {
            if (!isTrivialInitialiser(method) && !enumChanged) {
                refuse(method, "added static initialiser " + name + ".<clinit>: the loaded class has been"
                        + " initialised already");
            }
        } else if (method.name.equals("$deserializeLambda$")) {
            refuse(method, "added a serializable lambda to " + name + " (" + member + "): serialized lambdas"
                    + " name methods of the loaded class, which cannot gain them");
        } else if ((method.access & Opcodes.ACC_PRIVATE) != 0 && !method.name.equals("<init>")) {
            return; // carried by the replacement class where changed code calls it (reported then)
        } else if (enumChanged && method.name.equals("$values")) {
            return;
        } else if (sameName(olds, method.name) != null && !method.name.equals("<init>")
                && (sameName(olds, method.name).access & Opcodes.ACC_PRIVATE) == 0) {
            return; // reported by removed() as a changed signature
        } else {
            refuse(method, "added " + (method.name.equals("<init>") ? "constructor " : "method ") + member
                    + ": a loaded class cannot gain " + (method.name.equals("<init>") ? "constructors"
                    : "methods; make it private so that the patch can carry it"));
        }
    }

    /** Reports a difference between two versions of one method; returns whether it is a func. */
    private boolean compare(MethodNode before, MethodNode after, boolean enumChanged) {
        String member = name + "." + before.name + before.desc;
        if ((before.access & ~Descriptions.PSEUDO) != (after.access & ~Descriptions.PSEUDO)) {
            if (!Descriptions.isHarmless(before.access, after.access, false)) {
                refuse(before, "changed the modifiers of " + member + " " + Descriptions.change(before.access,
                        after.access, true) + ": a loaded class keeps its methods' modifiers");
                return false;
            }
            note(before, "changed the modifiers of " + member + " " + Descriptions.change(before.access, after.access,
                    true) + ": not applied (the old ones allow everything the new code does)");
        }
        if (!Descriptions.annotations(before.visibleAnnotations).equals(Descriptions.annotations(after.visibleAnnotations))
                || !Descriptions.parameterAnnotations(before.visibleParameterAnnotations)
                        .equals(Descriptions.parameterAnnotations(after.visibleParameterAnnotations))
                || !text(before.annotationDefault).equals(text(after.annotationDefault))) {
            refuse(before, "changed the run-time annotations of " + member
                    + ": a loaded class keeps its annotations, and code may read them");
        }
        if ((before.access & Opcodes.ACC_DEPRECATED) != (after.access & Opcodes.ACC_DEPRECATED)
                || !Descriptions.deprecation(before.visibleAnnotations).equals(Descriptions.deprecation(after.visibleAnnotations))) {
            note(before, "changed the deprecation of " + member + ": not applied (no effect on what the code does)");
        }
        if (!Objects.equals(before.signature, after.signature)) {
            note(before, "changed the generic signature of " + member + ": not applied (erased at run time)");
        }
        if (!Objects.equals(before.exceptions, after.exceptions)) {
            note(before, "changed the throws clause of " + member + ": not applied (not checked at run time)");
        }
        String oldText = oldNaming.text(before);
        String newText = newNaming.text(before.name.equals("<clinit>") && Program.field(old, ASSERTIONS) == null
                ? withoutAssertionFlag(after) : after);
        if (oldText.equals(newText) || (before.access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0) {
            return false; // the same code, or no code to patch (modifier changes are reported above)
        }
        if (before.name.equals("<clinit>")) {
            if (!enumChanged) {
                refuse(before, "changed static initialiser " + name + ".<clinit>: the loaded class has been"
                        + " initialised already and its initialiser cannot run again");
            }
            return false;
        }
        if (before.name.equals("<init>")) {
            refuse(before, "changed constructor " + member + ": constructors cannot be patched (the trampoline"
                    + " cannot run before the object is initialised)");
            return false;
        }
        if (before.name.equals("$deserializeLambda$")) {
            refuse(before, "changed the serializable lambdas of " + name + " (" + member + "): serialized"
                    + " lambdas name methods of the loaded class");
            return false;
        }
        if (enumChanged && before.name.equals("$values")) {
            return false;
        }
        report.changed(name, before.name + before.desc);
        return true;
    }


    /** A refusal of a difference in {@code method}, which a selection may leave out. */
    private void refuse(MethodNode method, String message) {
        report.refused(name, method.name + method.desc, message);
    }

    private void note(MethodNode method, String message) {
        report.note(name, method.name + method.desc, message);
    }

    private static String text(Object value) {
        StringBuilder text = new StringBuilder();
        Descriptions.value(text, value);
        return text.toString();
    }

    private static MethodNode sameName(Map<String, MethodNode> methods, String methodName) {
        for (MethodNode method : methods.values()) {
            if (method.name.equals(methodName)) {
                return method;
            }
        }
        return null;
    }

    /**
     * The static initialiser without the first-assert prologue javac adds
     * ({@code $assertionsDisabled = !X.class.desiredAssertionStatus()}): the replacement class
     * carries that flag itself.
     */
    static MethodNode withoutAssertionFlag(MethodNode clinit) {
        AbstractInsnNode start = null;
        for (AbstractInsnNode insn = clinit.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (insn instanceof LdcInsnNode && insn.getNext() instanceof MethodInsnNode call
                    && call.name.equals("desiredAssertionStatus")) {
                start = insn;
            }
            if (start != null && insn instanceof FieldInsnNode f && f.getOpcode() == Opcodes.PUTSTATIC
                    && f.name.equals(ASSERTIONS)) {
                MethodNode copy = new MethodNode(clinit.access, clinit.name, clinit.desc, null, null);
                clinit.accept(copy);
                int from = clinit.instructions.indexOf(start);
                int to = clinit.instructions.indexOf(insn);
                for (int i = to; i >= from; i--) {
                    AbstractInsnNode drop = copy.instructions.get(i);
                    if (drop.getOpcode() >= 0) {
                        copy.instructions.remove(drop);
                    }
                }
                return copy;
            }
        }
        return clinit;
    }

    /** A static initialiser that does nothing once the assertion flag is set aside. */
    private static boolean isTrivialInitialiser(MethodNode clinit) {
        MethodNode rest = withoutAssertionFlag(clinit);
        for (AbstractInsnNode insn = rest.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (insn.getOpcode() >= 0 && insn.getOpcode() != Opcodes.RETURN) {
                return false;
            }
        }
        return true;
    }
}
