package io.jlivepatch.build;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldNode;
import org.objectweb.asm.tree.RecordComponentNode;

/**
 * Compares what one class declares, apart from its methods, between the old version and the new
 * one: the class header (modifiers, supertypes, record components, permitted subclasses,
 * annotations, signature, class file version), enum constants and fields. A loaded class keeps
 * all of these, so each difference is either noted as not applied (when the running declaration
 * allows everything the new code does, or the JVM never reads it) or refused, under
 * {@link Report#DECLARATIONS} so that a selection may leave it out. Split from
 * {@link ClassComparison}, which compares the methods and uses the outcome here to tell whether
 * the enum constants changed.
 *
 * <p>Not thread-safe (the namings memoize); one instance per class pair.
 */
final class DeclarationComparison {

    private final ClassNode old;
    private final ClassNode now;
    private final ContentNaming oldNaming;
    private final ContentNaming newNaming;
    private final Report report;
    private final String name;

    DeclarationComparison(ClassNode old, ClassNode now, ContentNaming oldNaming, ContentNaming newNaming,
            Report report) {
        this.old = old;
        this.now = now;
        this.oldNaming = oldNaming;
        this.newNaming = newNaming;
        this.report = report;
        this.name = Program.dotted(old.name);
    }

    /**
     * Compares and reports the header, enum constants and fields; returns whether the enum
     * constants changed (then the synthetic members javac derives from them are not reported again).
     */
    boolean compare() {
        header();
        boolean enumChanged = enumConstants();
        fields(enumChanged);
        return enumChanged;
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
            if (field.name.equals(ClassComparison.ASSERTIONS) && (field.access & Opcodes.ACC_SYNTHETIC) != 0) {
                continue; // the first assert of the class: carried by the replacement class if its code is
            }
            if (enumChanged && (field.access & (Opcodes.ACC_ENUM | Opcodes.ACC_SYNTHETIC)) != 0) {
                continue; // reported as changed enum constants
            }
            refuseDeclaration("added field " + name + "." + field.name + " (" + field.desc + "): a loaded class"
                    + " cannot gain fields; keep the new state in a shadow variable (io.jlivepatch.api.Shadow)");
        }
    }

    /** A refusal of what the class declares (header, fields, enum constants), which a selection may leave out. */
    private void refuseDeclaration(String message) {
        report.refused(name, Report.DECLARATIONS, message);
    }

    private void noteDeclaration(String message) {
        report.note(name, Report.DECLARATIONS, message);
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
