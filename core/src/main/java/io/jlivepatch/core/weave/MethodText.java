package io.jlivepatch.core.weave;

import java.util.IdentityHashMap;
import java.util.Map;
import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.MultiANewArrayInsnNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * The normal form of a method: a text that holds everything that decides what the method does and
 * nothing that only describes it. In: access flags, name, descriptor, every instruction with its
 * operands resolved (constants by value, members by owner, name and descriptor, branch targets by
 * instruction position), the exception table. Out: line numbers, local variable tables, stack map
 * frames, labels themselves and the constant pool's order. Two compilations of the same source
 * that differ only in debug information have the same text.
 *
 * <p>{@link Fingerprints} hashes it to check that a patch fits the running code; the {@code build}
 * command compares it, with a {@link Naming} that hides the compiler's numbering of synthetic
 * members, to find the methods a fix changed.
 *
 * <p>Stateless and thread-safe (a {@link Naming} must be too, if shared).
 */
public final class MethodText {

    private MethodText() {}

    /**
     * How names appear in the text. The default spells every class, method and field as the class
     * file does; a subclass may replace a name by something else (for example a synthetic method
     * by a digest of its own code).
     *
     * <p>Implementations decide their own thread-safety.
     */
    public static class Naming {

        /** Spells every name as it is. */
        public static final Naming AS_IS = new Naming();

        /** A class, by internal name. */
        public String type(String internalName) {
            return internalName;
        }

        /** A method reference: {@code owner.name descriptor}. */
        public String method(String owner, String name, String descriptor) {
            return type(owner) + "." + name + methodDescriptor(descriptor);
        }

        /** A field reference: {@code owner.name:descriptor}. */
        public String field(String owner, String name, String descriptor) {
            return type(owner) + "." + name + ":" + fieldDescriptor(descriptor);
        }

        /** A field descriptor with its class names spelled through {@link #type}. */
        public final String fieldDescriptor(String descriptor) {
            return typeText(Type.getType(descriptor));
        }

        /** A method descriptor with its class names spelled through {@link #type}. */
        public final String methodDescriptor(String descriptor) {
            StringBuilder text = new StringBuilder("(");
            for (Type argument : Type.getArgumentTypes(descriptor)) {
                text.append(typeText(argument));
            }
            return text.append(')').append(typeText(Type.getReturnType(descriptor))).toString();
        }

        private String typeText(Type type) {
            return switch (type.getSort()) {
                case Type.ARRAY -> "[".repeat(type.getDimensions()) + typeText(type.getElementType());
                case Type.OBJECT -> "L" + type(type.getInternalName()) + ";";
                case Type.METHOD -> methodDescriptor(type.getDescriptor());
                default -> type.getDescriptor();
            };
        }
    }

    /** The normal form of {@code method}, with names spelled by {@code naming}. */
    public static String of(MethodNode method, Naming naming) {
        StringBuilder text = new StringBuilder();
        // only the class file's 16 bits: ASM adds pseudo flags for attributes (Deprecated) above them
        text.append(method.access & 0xFFFF).append(' ').append(method.name).append(naming.methodDescriptor(method.desc)).append('\n');
        Map<LabelNode, Integer> positions = positions(method);
        for (AbstractInsnNode insn = method.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (insn.getOpcode() >= 0) {
                instruction(text, insn, positions, naming);
                text.append('\n');
            }
        }
        for (TryCatchBlockNode block : method.tryCatchBlocks) {
            text.append("try ").append(positions.get(block.start)).append(' ').append(positions.get(block.end))
                    .append(' ').append(positions.get(block.handler)).append(' ')
                    .append(block.type == null ? "*" : naming.type(block.type)).append('\n');
        }
        return text.toString();
    }

    /** Each label's position: the number of real instructions before it (labels, lines and frames are not). */
    private static Map<LabelNode, Integer> positions(MethodNode method) {
        Map<LabelNode, Integer> positions = new IdentityHashMap<>();
        int position = 0;
        for (AbstractInsnNode insn = method.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (insn instanceof LabelNode label) {
                positions.put(label, position);
            } else if (insn.getOpcode() >= 0) {
                position++;
            }
        }
        return positions;
    }

    private static void instruction(StringBuilder text, AbstractInsnNode insn, Map<LabelNode, Integer> at,
                                    Naming naming) {
        text.append(insn.getOpcode());
        if (insn instanceof VarInsnNode v) {
            text.append(' ').append(v.var);
        } else if (insn instanceof IntInsnNode i) {
            text.append(' ').append(i.operand);
        } else if (insn instanceof IincInsnNode i) {
            text.append(' ').append(i.var).append(' ').append(i.incr);
        } else if (insn instanceof TypeInsnNode t) {
            text.append(' ').append(naming.type(t.desc));
        } else if (insn instanceof MultiANewArrayInsnNode m) {
            text.append(' ').append(naming.fieldDescriptor(m.desc)).append(' ').append(m.dims);
        } else if (insn instanceof FieldInsnNode f) {
            text.append(' ').append(naming.field(f.owner, f.name, f.desc));
        } else if (insn instanceof MethodInsnNode m) {
            text.append(' ').append(naming.method(m.owner, m.name, m.desc)).append(m.itf ? " itf" : "");
        } else if (insn instanceof InvokeDynamicInsnNode d) {
            text.append(' ').append(d.name).append(naming.methodDescriptor(d.desc)).append(' ');
            constant(text, d.bsm, naming);
            for (Object argument : d.bsmArgs) {
                text.append(' ');
                constant(text, argument, naming);
            }
        } else if (insn instanceof LdcInsnNode l) {
            text.append(' ');
            constant(text, l.cst, naming);
        } else if (insn instanceof JumpInsnNode j) {
            text.append(' ').append(at.get(j.label));
        } else if (insn instanceof TableSwitchInsnNode s) {
            text.append(' ').append(s.min).append(' ').append(s.max).append(' ').append(at.get(s.dflt));
            s.labels.forEach(label -> text.append(' ').append(at.get(label)));
        } else if (insn instanceof LookupSwitchInsnNode s) {
            text.append(' ').append(at.get(s.dflt));
            for (int i = 0; i < s.keys.size(); i++) {
                text.append(' ').append(s.keys.get(i)).append(':').append(at.get(s.labels.get(i)));
            }
        }
        // anything else is an instruction without operands (InsnNode)
    }

    /** A constant by value and kind, so that {@code 1}, {@code 1L} and {@code "1"} differ. */
    private static void constant(StringBuilder text, Object value, Naming naming) {
        if (value instanceof Integer || value instanceof Long) {
            text.append(value instanceof Integer ? 'I' : 'J').append(value);
        } else if (value instanceof Float f) {
            // raw bits: NaN payloads and -0.0 are different constants
            text.append('F').append(Float.floatToRawIntBits(f));
        } else if (value instanceof Double d) {
            text.append('D').append(Double.doubleToRawLongBits(d));
        } else if (value instanceof String s) {
            // length-prefixed, so no string content can imitate the text around it
            text.append('S').append(s.length()).append(':').append(s);
        } else if (value instanceof Type t) {
            text.append('T').append(t.getSort() == Type.METHOD ? naming.methodDescriptor(t.getDescriptor())
                    : t.getSort() == Type.OBJECT ? naming.type(t.getInternalName()) : naming.fieldDescriptor(t.getDescriptor()));
        } else if (value instanceof Handle h) {
            text.append('H').append(h.getTag()).append(' ');
            text.append(h.getTag() <= Opcodes.H_PUTSTATIC ? naming.field(h.getOwner(), h.getName(), h.getDesc())
                    : naming.method(h.getOwner(), h.getName(), h.getDesc()));
            text.append(h.isInterface() ? " itf" : "");
        } else if (value instanceof ConstantDynamic c) {
            text.append("C{").append(c.getName()).append(':').append(naming.fieldDescriptor(c.getDescriptor())).append(' ');
            constant(text, c.getBootstrapMethod(), naming);
            for (int i = 0; i < c.getBootstrapMethodArgumentCount(); i++) {
                text.append(' ');
                constant(text, c.getBootstrapMethodArgument(i), naming);
            }
            text.append('}');
        } else {
            text.append('?').append(value);
        }
    }
}
