package io.jlivepatch.build;

import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.ClassNode;

/**
 * Reads what a javac switch map holds: for a field {@code $SwitchMap$pkg$Color}, which enum
 * constant maps to which case number, from the statements {@code $SwitchMap$...[Color.RED.ordinal()] = 1}
 * of the switch-map class's static initialiser. Two switch maps with the same content make the same
 * switch statements, whatever the class is called.
 *
 * <p>Stateless apart from its program; not thread-safe (the program is not).
 */
final class SwitchMaps {

    private final Program program;

    SwitchMaps(Program program) {
        this.program = program;
    }

    /** {@code Color[RED=1,GREEN=2]}: the enum and its constants' case numbers for {@code field} of {@code switchMap}. */
    String content(String switchMap, String field, ContentNaming naming) {
        ClassNode node = program.node(switchMap);
        MethodNode clinit = Program.method(node, "<clinit>", "()V");
        List<String> entries = new ArrayList<>();
        String enumType = "?";
        if (clinit != null) {
            String current = null;
            String constant = null;
            Integer index = null;
            for (AbstractInsnNode insn = clinit.instructions.getFirst(); insn != null; insn = insn.getNext()) {
                if (insn instanceof FieldInsnNode f && f.getOpcode() == Opcodes.GETSTATIC) {
                    if (f.owner.equals(switchMap)) {
                        current = f.name;
                        constant = null;
                        index = null;
                    } else if (f.desc.equals("L" + f.owner + ";")) {
                        constant = f.name;
                        if (field.equals(current)) {
                            enumType = naming.type(f.owner);
                        }
                    }
                } else if (constant != null && intValue(insn) != null) {
                    index = intValue(insn);
                } else if (insn.getOpcode() == Opcodes.IASTORE && field.equals(current) && constant != null
                        && index != null) {
                    entries.add(constant + "=" + index);
                    constant = null;
                    index = null;
                }
            }
        }
        return enumType + entries;
    }

    private static Integer intValue(AbstractInsnNode insn) {
        int opcode = insn.getOpcode();
        if (opcode >= Opcodes.ICONST_M1 && opcode <= Opcodes.ICONST_5) {
            return opcode - Opcodes.ICONST_0;
        }
        if (insn instanceof IntInsnNode i && (opcode == Opcodes.BIPUSH || opcode == Opcodes.SIPUSH)) {
            return i.operand;
        }
        if (insn instanceof LdcInsnNode l && l.cst instanceof Integer value) {
            return value;
        }
        return null;
    }
}
