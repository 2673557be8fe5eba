package io.jlivepatch.build;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.commons.MethodRemapper;
import org.objectweb.asm.commons.Remapper;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.FieldNode;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * The static state a replacement class carries for its code because the running class lacks it:
 * switch maps (javac's {@code $SwitchMap$...} arrays, read by switch statements on enums) and the
 * assertion flag of a class's first {@code assert}. Each becomes a static field of the replacement
 * class, filled by its static initialiser exactly as javac's initialisers would.
 *
 * <p>Not thread-safe; one instance per replacement class.
 */
final class CarriedFields {

    private final Versions versions;
    private final Remapper toOld;
    private final Report report;
    private final String target;
    private final String owner;
    /** Switch-map class of the new version -> its fields' names in the replacement class. */
    private final Map<String, Map<String, String>> switchMaps = new LinkedHashMap<>();
    private boolean assertionFlag;

    /**
     * @param target the patched class (internal name)
     * @param owner the replacement class (internal name)
     */
    CarriedFields(Versions versions, Remapper toOld, Report report, String target, String owner) {
        this.versions = versions;
        this.toOld = toOld;
        this.report = report;
        this.target = target;
        this.owner = owner;
    }

    /** Points {@code field} at the replacement class's copy when it is carried state; returns whether it was. */
    boolean redirect(FieldInsnNode field, ClassNode oldClass) {
        if (versions.now().isSwitchMap(field.owner)) {
            field.name = switchMapField(field.owner, field.name);
            field.owner = owner;
            return true;
        }
        if (field.owner.equals(target) && field.name.equals(ClassComparison.ASSERTIONS)
                && Program.field(oldClass, ClassComparison.ASSERTIONS) == null) {
            field.owner = owner;
            if (!assertionFlag) {
                report.carried(Program.dotted(target), "assertion flag " + ClassComparison.ASSERTIONS + " (the class's first"
                        + " assert) as " + Program.dotted(owner) + "." + ClassComparison.ASSERTIONS);
            }
            assertionFlag = true;
            return true;
        }
        return false;
    }

    private String switchMapField(String switchMap, String field) {
        Map<String, String> fields = switchMaps.get(switchMap);
        if (fields == null) {
            fields = new LinkedHashMap<>();
            Set<String> used = new LinkedHashSet<>();
            switchMaps.values().forEach(m -> used.addAll(m.values()));
            for (FieldNode declared : versions.now().node(switchMap).fields) {
                String chosen = declared.name;
                for (int n = 1; used.contains(chosen); n++) {
                    chosen = declared.name + "$" + n;
                }
                used.add(chosen);
                fields.put(declared.name, chosen);
            }
            switchMaps.put(switchMap, fields);
            report.carried(Program.dotted(target), "switch map " + Program.dotted(switchMap) + " as fields of "
                    + Program.dotted(owner));
        }
        return fields.get(field);
    }

    /** Adds the fields and the static initialiser that fills them to the replacement class {@code node}. */
    void addTo(ClassNode node) {
        if (switchMaps.isEmpty() && !assertionFlag) {
            return;
        }
        MethodNode clinit = new MethodNode(Opcodes.ASM9, Opcodes.ACC_STATIC, "<clinit>", "()V", null, null);
        int n = 0;
        for (Map.Entry<String, Map<String, String>> entry : switchMaps.entrySet()) {
            String init = "$jlp$switchMap$" + n++;
            for (String field : entry.getValue().values()) {
                node.fields.add(new FieldNode(Opcodes.ACC_STATIC | Opcodes.ACC_SYNTHETIC, field, "[I", null, null));
            }
            MethodNode initialiser = switchMapInitialiser(entry.getKey(), entry.getValue(), init);
            for (String added : AddedClasses.mentioned(initialiser)) {
                report.refused(Program.dotted(target), "switch map " + Program.dotted(entry.getKey()) + " uses class "
                        + Program.dotted(added) + ", which the running application lacks");
            }
            node.methods.add(initialiser);
            clinit.instructions.add(new MethodInsnNode(Opcodes.INVOKESTATIC, owner, init, "()V", false));
        }
        if (assertionFlag) {
            node.fields.add(new FieldNode(Opcodes.ACC_STATIC | Opcodes.ACC_SYNTHETIC, ClassComparison.ASSERTIONS, "Z",
                    null, null));
            // $assertionsDisabled = !Target.class.desiredAssertionStatus(), without a branch (so without frames)
            clinit.instructions.add(new LdcInsnNode(Type.getObjectType(target)));
            clinit.instructions.add(new MethodInsnNode(Opcodes.INVOKEVIRTUAL, "java/lang/Class", "desiredAssertionStatus",
                    "()Z", false));
            clinit.instructions.add(new InsnNode(Opcodes.ICONST_1));
            clinit.instructions.add(new InsnNode(Opcodes.IXOR));
            clinit.instructions.add(new FieldInsnNode(Opcodes.PUTSTATIC, owner, ClassComparison.ASSERTIONS, "Z"));
        }
        clinit.instructions.add(new InsnNode(Opcodes.RETURN));
        node.methods.add(clinit);
    }

    /** The switch-map class's static initialiser as a static method of the replacement class, writing its fields. */
    private MethodNode switchMapInitialiser(String switchMap, Map<String, String> fields, String methodName) {
        MethodNode source = Program.method(versions.now().node(switchMap), "<clinit>", "()V");
        MethodNode init = new MethodNode(Opcodes.ASM9, Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC | Opcodes.ACC_SYNTHETIC,
                methodName, "()V", null, null);
        source.accept(new MethodRemapper(init, toOld));
        init.name = methodName;
        init.access = Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC | Opcodes.ACC_SYNTHETIC;
        for (AbstractInsnNode insn : init.instructions.toArray()) {
            if (insn instanceof FieldInsnNode f && f.owner.equals(switchMap)) {
                f.name = fields.get(f.name);
                f.owner = owner;
            }
        }
        return init;
    }
}
