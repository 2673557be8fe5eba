package io.jlivepatch.build;

import io.jlivepatch.runtime.Lambdas;
import io.jlivepatch.runtime.NewClasses;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.commons.ClassRemapper;
import org.objectweb.asm.commons.MethodRemapper;
import org.objectweb.asm.commons.Remapper;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.FrameNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;

/**
 * Classes the new version adds, carried where changed code only creates them: {@code new C(args)}
 * in a replacement method becomes {@code invokedynamic new(args)Super} linked by
 * {@link NewClasses#construct}, which defines {@code C} (its class file travels in the call site) as
 * a hidden nestmate of the replacement class. So an anonymous class or a small helper class a fix
 * adds works as long as the changed code uses it through its superclass or interfaces, as anonymous
 * classes always are; anything else that names it is refused.
 *
 * <p>Not thread-safe; used by one {@link ReplacementClassGenerator}.
 */
final class AddedClasses {

    /** Constant-pool strings hold at most 65535 bytes of modified UTF-8, two per char above 127. */
    private static final int PIECE = 30_000;

    /** A carried class: its class file in pieces, and the superclass the creating code sees. */
    record Carried(List<String> pieces, String superclass) {}

    /** Checks one member reference of carried code against the running application. */
    interface LinkCheck {
        void check(String owner, String member, String descriptor, boolean isField);
    }

    private final Versions versions;
    private final Remapper toOld;

    AddedClasses(Versions versions, Remapper toOld) {
        this.versions = versions;
        this.toOld = toOld;
    }

    /**
     * Rewrites each {@code new C; dup; args; invokespecial C.<init>} of an added class into the
     * {@link NewClasses} call site, where {@code carrier} carries {@code C}.
     */
    static void constructions(MethodNode code, Function<String, Carried> carrier) {
        for (AbstractInsnNode insn : code.instructions.toArray()) {
            if (insn.getOpcode() != Opcodes.NEW || !((TypeInsnNode) insn).desc.endsWith(Versions.ADDED)) {
                continue;
            }
            String marked = ((TypeInsnNode) insn).desc;
            AbstractInsnNode dup = nextReal(insn);
            MethodInsnNode init = matchingConstructor(insn, marked);
            if (dup == null || dup.getOpcode() != Opcodes.DUP || init == null) {
                continue; // not the shape javac gives `new C(...)`: left for the refusal
            }
            Carried carried = carrier.apply(marked.substring(0, marked.length() - Versions.ADDED.length()));
            if (carried == null) {
                continue;
            }
            dropUninitialized(code, insn, init);
            code.instructions.remove(insn);
            code.instructions.remove(dup);
            Handle bootstrap = new Handle(Opcodes.H_INVOKESTATIC, NewClasses.INTERNAL_NAME, NewClasses.CONSTRUCT,
                    NewClasses.CONSTRUCT_DESCRIPTOR, false);
            String descriptor = Type.getMethodDescriptor(Type.getObjectType(carried.superclass()),
                    Type.getArgumentTypes(init.desc));
            code.instructions.set(init, new InvokeDynamicInsnNode("new", descriptor, bootstrap,
                    carried.pieces().toArray()));
        }
    }

    /** The added classes (new-version names) {@code code} still names anywhere: types, members, descriptors, frames. */
    static Set<String> mentioned(MethodNode code) {
        Set<String> mentioned = new LinkedHashSet<>();
        code.accept(new MethodRemapper(new MethodNode(), new Remapper() {
            @Override
            public String map(String internalName) {
                if (internalName.endsWith(Versions.ADDED)) {
                    mentioned.add(internalName.substring(0, internalName.length() - Versions.ADDED.length()));
                }
                return internalName;
            }
        }));
        return mentioned;
    }

    /** The class file as ISO-8859-1 text, in pieces that fit the constant pool. */
    static List<String> pieces(byte[] classFile) {
        String text = new String(classFile, StandardCharsets.ISO_8859_1);
        List<String> pieces = new ArrayList<>();
        for (int at = 0; at < text.length(); at += PIECE) {
            pieces.add(text.substring(at, Math.min(text.length(), at + PIECE)));
        }
        return pieces;
    }

    /**
     * The class file of {@code added} (a new-version class), renamed like the code that creates it,
     * without the nest and inner-class attributes of its compilation (it joins the target's nest
     * when defined), all its lambdas linked through {@link Lambdas}; every problem goes to {@code problems}.
     */
    byte[] prepare(String added, List<String> problems, Predicate<MethodInsnNode> renamedAccessor, LinkCheck linkCheck) {
        ClassNode copy = new ClassNode();
        versions.now().node(added).accept(new ClassRemapper(copy, toOld));
        String self = copy.name;
        copy.nestHostClass = null;
        copy.nestMembers = null;
        copy.innerClasses.clear();
        copy.outerClass = null;
        copy.outerMethod = null;
        copy.outerMethodDesc = null;
        copy.version = Math.max(copy.version & 0xFFFF, Opcodes.V11);
        for (MethodNode method : copy.methods) {
            for (AbstractInsnNode insn : method.instructions.toArray()) {
                if (insn instanceof MethodInsnNode call && !call.owner.equals(self)) {
                    if (!renamedAccessor.test(call)) {
                        linkCheck.check(call.owner, call.name, call.desc, false);
                    }
                } else if (insn instanceof FieldInsnNode field && !field.owner.equals(self)) {
                    linkCheck.check(field.owner, field.name, field.desc, true);
                } else if (insn instanceof InvokeDynamicInsnNode indy && indy.bsm.getOwner().equals(Lambdas.LAMBDA_METAFACTORY)) {
                    // The runtime defines this class as a hidden class, where the agent cannot rewrite it:
                    // every lambda site goes to Lambdas here, as the agent does for replacement classes.
                    indy.bsm = new Handle(Opcodes.H_INVOKESTATIC, Lambdas.INTERNAL_NAME, indy.bsm.getName(),
                            indy.bsm.getDesc(), false);
                }
            }
            for (String other : mentioned(method)) {
                if (!(other + Versions.ADDED).equals(self)) {
                    problems.add("its method " + method.name + method.desc + " uses class " + Program.dotted(other)
                            + ", which the running application lacks too");
                }
            }
        }
        if (copy.superName.endsWith(Versions.ADDED)) {
            problems.add("its superclass is new too");
        }
        ClassWriter writer = new ClassWriter(0);
        copy.accept(writer);
        return writer.toByteArray();
    }

    private static AbstractInsnNode nextReal(AbstractInsnNode insn) {
        AbstractInsnNode next = insn.getNext();
        while (next != null && next.getOpcode() < 0) {
            next = next.getNext();
        }
        return next;
    }

    /** The {@code invokespecial <init>} that initialises what {@code created} created (nesting counted). */
    private static MethodInsnNode matchingConstructor(AbstractInsnNode created, String type) {
        int depth = 0;
        for (AbstractInsnNode insn = created.getNext(); insn != null; insn = insn.getNext()) {
            if (insn.getOpcode() == Opcodes.NEW && ((TypeInsnNode) insn).desc.equals(type)) {
                depth++;
            } else if (insn instanceof MethodInsnNode call && call.getOpcode() == Opcodes.INVOKESPECIAL
                    && call.owner.equals(type) && call.name.equals("<init>")) {
                if (depth == 0) {
                    return call;
                }
                depth--;
            }
        }
        return null;
    }

    /**
     * Removes the two uninitialized entries ({@code new} and its {@code dup}) from the stack of every
     * frame between the {@code new} and its constructor call: they are no longer pushed.
     */
    private static void dropUninitialized(MethodNode code, AbstractInsnNode created, AbstractInsnNode init) {
        Set<LabelNode> labels = new LinkedHashSet<>();
        for (AbstractInsnNode at = created.getPrevious(); at != null && at.getOpcode() < 0; at = at.getPrevious()) {
            if (at instanceof LabelNode label) {
                labels.add(label);
            }
        }
        for (AbstractInsnNode at = created; at != null && at != init; at = at.getNext()) {
            if (at instanceof FrameNode frame && frame.stack != null) {
                frame.stack = new ArrayList<>(frame.stack);
                frame.stack.removeIf(labels::contains);
            }
        }
    }
}
