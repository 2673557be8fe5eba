package io.jlivepatch.build;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.FieldNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.RecordComponentNode;

/**
 * Compares one class of the old version with its counterpart in the new one and reports every
 * difference: what the class declares (modifiers, supertypes, enum constants, fields, methods,
 * annotations) and, method by method, the code in its normal form ({@link ContentNaming}). Changed
 * methods that can be replaced become funcs; everything a loaded class cannot take is refused with
 * a message naming the class and member.
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
        header();
        boolean enumChanged = enumConstants();
        fields(enumChanged);
        List<MethodNode> funcs = methods(enumChanged);
        boolean same = funcs.isEmpty() && report.findings() == before;
        report.compared(same);
        return same ? null : new Changes(old.name, now.name, funcs);
    }

    private void header() {
        int mask = ~(Opcodes.ACC_SUPER | Opcodes.ACC_SYNTHETIC | Opcodes.ACC_DEPRECATED);
        if ((old.access & mask) != (now.access & mask)) {
            String change = " (0x" + Integer.toHexString(old.access & mask) + " -> 0x" + Integer.toHexString(now.access & mask) + ")";
            if (Descriptions.isHarmless(old.access & mask, now.access & mask, false)) {
                noteDeclaration("changed the modifiers of class " + name + change + ": not applied (the loaded class"
                        + " keeps the old ones, which allow everything the new code does)");
            } else {
                refuseDeclaration("changed the modifiers of class " + name + change + ": a loaded class keeps its modifiers");
            }
        }
        if ((old.access & Opcodes.ACC_DEPRECATED) != (now.access & Opcodes.ACC_DEPRECATED)
                || !Descriptions.deprecation(old.visibleAnnotations).equals(Descriptions.deprecation(now.visibleAnnotations))) {
            noteDeclaration("changed the deprecation of class " + name + ": not applied (no effect at run time)");
        }
        String superName = now.superName == null ? null : newNaming.type(now.superName);
        if (!Objects.equals(old.superName, superName)) {
            refuseDeclaration("changed the superclass of " + name + " from " + dotted(old.superName) + " to "
                    + dotted(superName) + ": a loaded class keeps its superclass");
        }
        TreeSet<String> oldInterfaces = new TreeSet<>(old.interfaces);
        TreeSet<String> newInterfaces = new TreeSet<>();
        now.interfaces.forEach(i -> newInterfaces.add(newNaming.type(i)));
        if (!oldInterfaces.equals(newInterfaces)) {
            TreeSet<String> added = new TreeSet<>(newInterfaces);
            added.removeAll(oldInterfaces);
            TreeSet<String> removed = new TreeSet<>(oldInterfaces);
            removed.removeAll(newInterfaces);
            refuseDeclaration("changed the interfaces of " + name + " (added " + dottedAll(added) + ", removed "
                    + dottedAll(removed) + "): a loaded class keeps its interfaces");
        }
        if (!components(old.recordComponents).equals(components(now.recordComponents))) {
            refuseDeclaration("changed the record components of " + name + ": a loaded record keeps its components");
        }
        if (!Objects.equals(mapped(old.permittedSubclasses, oldNaming), mapped(now.permittedSubclasses, newNaming))) {
            refuseDeclaration("changed the permitted subclasses of " + name + ": a loaded sealed class keeps them");
        }
        if (!Descriptions.annotations(old.visibleAnnotations).equals(Descriptions.annotations(now.visibleAnnotations))) {
            refuseDeclaration("changed the run-time annotations of class " + name
                    + ": a loaded class keeps its annotations, and code may read them");
        }
        if (!Descriptions.annotations(old.invisibleAnnotations).equals(Descriptions.annotations(now.invisibleAnnotations))) {
            noteDeclaration("changed class-file-only annotations of class " + name + ": not applied (never read at run time)");
        }
        if (!Objects.equals(old.signature, now.signature)) {
            noteDeclaration("changed the generic signature of class " + name + ": not applied (erased at run time)");
        }
        if ((old.version & 0xFFFF) != (now.version & 0xFFFF)) {
            noteDeclaration("class file version " + (old.version & 0xFFFF) + " -> " + (now.version & 0xFFFF)
                    + ": recompiled for another release; methods whose code differs are patched");
        }
    }

    /** Enum constants: refused when added, removed or reordered. Returns whether they changed. */
    private boolean enumConstants() {
        if ((old.access & Opcodes.ACC_ENUM) == 0) {
            return false;
        }
        List<String> before = constants(old);
        List<String> after = constants(now);
        if (before.equals(after)) {
            return false;
        }
        List<String> added = new ArrayList<>(after);
        added.removeAll(before);
        List<String> removed = new ArrayList<>(before);
        removed.removeAll(after);
        refuseDeclaration("changed the constants of enum " + name + " (" + (added.isEmpty() && removed.isEmpty()
                ? "reordered: " + before + " -> " + after : "added " + added + ", removed " + removed)
                + "): the loaded enum's constants exist already and cannot change");
        return true;
    }

    private static List<String> constants(ClassNode node) {
        List<String> constants = new ArrayList<>();
        for (FieldNode field : node.fields) {
            if ((field.access & Opcodes.ACC_ENUM) != 0) {
                constants.add(field.name);
            }
        }
        return constants;
    }

    private void fields(boolean enumChanged) {
        for (FieldNode field : old.fields) {
            FieldNode other = Program.field(now, field.name);
            String member = name + "." + field.name;
            if (other == null) {
                if (!(enumChanged && (field.access & (Opcodes.ACC_ENUM | Opcodes.ACC_SYNTHETIC)) != 0)) {
                    refuseDeclaration("removed field " + member + " (" + field.desc + "): a loaded class keeps its fields");
                }
                continue;
            }
            if (!field.desc.equals(newNaming.fieldDescriptor(other.desc))) {
                refuseDeclaration("changed the type of field " + member + " from " + field.desc + " to " + other.desc
                        + ": a loaded class keeps its fields; keep the new state in a shadow variable"
                        + " (io.jlivepatch.api.Shadow)");
                continue;
            }
            if ((field.access & ~Descriptions.PSEUDO) != (other.access & ~Descriptions.PSEUDO)) {
                if (Descriptions.isHarmless(field.access, other.access, true)) {
                    noteDeclaration("changed the modifiers of field " + member + " " + Descriptions.change(field.access,
                            other.access, false) + ": not applied (the old ones allow everything the new code does)");
                } else {
                    refuseDeclaration("changed the modifiers of field " + member + " " + Descriptions.change(field.access,
                            other.access, false) + ": a loaded class keeps its fields' modifiers");
                }
            }
            if (!Objects.equals(field.value, other.value)) {
                noteDeclaration("changed the constant value of field " + member + " from " + field.value + " to "
                        + other.value + ": the field keeps its value (reflection sees the old one); javac inlines"
                        + " constants, so code that uses it changed and is patched");
            }
            if (!Descriptions.annotations(field.visibleAnnotations).equals(Descriptions.annotations(other.visibleAnnotations))) {
                refuseDeclaration("changed the run-time annotations of field " + member
                        + ": a loaded class keeps its annotations, and code may read them");
            }
            if ((field.access & Opcodes.ACC_DEPRECATED) != (other.access & Opcodes.ACC_DEPRECATED)
                    || !Descriptions.deprecation(field.visibleAnnotations).equals(Descriptions.deprecation(other.visibleAnnotations))) {
                noteDeclaration("changed the deprecation of field " + member + ": not applied (no effect at run time)");
            }
            if (!Objects.equals(field.signature, other.signature)) {
                noteDeclaration("changed the generic signature of field " + member + ": not applied (erased at run time)");
            }
        }
        for (FieldNode field : now.fields) {
            if (Program.field(old, field.name) != null) {
                continue;
            }
            if (field.name.equals(ASSERTIONS) && (field.access & Opcodes.ACC_SYNTHETIC) != 0) {
                continue; // the first assert of the class: carried by the replacement class if its code is
            }
            if (enumChanged && (field.access & (Opcodes.ACC_ENUM | Opcodes.ACC_SYNTHETIC)) != 0) {
                continue; // reported as changed enum constants
            }
            refuseDeclaration("added field " + name + "." + field.name + " (" + field.desc + "): a loaded class"
                    + " cannot gain fields; keep the new state in a shadow variable (io.jlivepatch.api.Shadow)");
        }
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

    /** A refusal of what the class declares (header, fields, enum constants), which a selection may leave out. */
    private void refuseDeclaration(String message) {
        report.refused(name, Report.DECLARATIONS, message);
    }

    private void noteDeclaration(String message) {
        report.note(name, Report.DECLARATIONS, message);
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

    private static String components(List<RecordComponentNode> components) {
        StringBuilder text = new StringBuilder();
        if (components != null) {
            components.forEach(c -> text.append(c.name).append(c.descriptor).append(','));
        }
        return text.toString();
    }

    private static List<String> mapped(List<String> names, ContentNaming naming) {
        return names == null ? List.of() : names.stream().map(naming::type).sorted().toList();
    }

    private static String dotted(String internalName) {
        return internalName == null ? "none" : Program.dotted(internalName);
    }

    private static String dottedAll(TreeSet<String> names) {
        return names.stream().map(Program::dotted).toList().toString();
    }
}
