package io.jlivepatch.build;

import io.jlivepatch.core.model.MethodRef;
import io.jlivepatch.core.weave.Fingerprints;
import io.jlivepatch.runtime.Access;
import java.lang.invoke.MethodHandleInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.commons.MethodRemapper;
import org.objectweb.asm.commons.Remapper;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Generates the replacement class of one changed class: a class of the patch, in the target's
 * package, annotated like a hand-written one ({@code @TargetClass}, and {@code @Replace} with the
 * fingerprint on each func), whose static methods hold the new code, receiver first.
 *
 * <p>The new code is copied with the new version's class names mapped to the running ones, and
 * rewritten where a hidden nestmate of the target must reach things differently from the target
 * itself:
 * <ul>
 *   <li>calls to the target's private methods use {@code invokevirtual}/{@code invokeinterface}
 *       (nestmate access) instead of {@code invokespecial}, which only the class itself may use;
 *   <li>new private methods, changed private methods and lambda bodies (also those of lambdas the
 *       compiler merely renumbered) are copied into the class, and calls and method handles go to
 *       the copies, so nothing refers to a method the running class lacks;
 *   <li>{@code super.m()} calls and protected members inherited from another package go through
 *       the {@link Access} bootstrap, with the target's own access;
 *   <li>switch maps and the assertion flag the new code reads are carried as fields of this class;
 *   <li>accessors ({@code access$N}) the compiler renumbered are called by their running names;
 *   <li>classes the fix adds are created through {@link AddedClasses} where the code only creates them.
 * </ul>
 * Lambdas keep their {@code LambdaMetafactory} bootstrap: the agent re-points them to the runtime's
 * {@code Lambdas} when it defines the class, hand-written or generated alike (docs/design.md §7).

 * Anything else the copied code would need and the running application lacks (a new class, a new
 * field, a method the running class does not declare, a new accessor) is refused, naming the method
 * and what it uses: a refusal now rather than a {@code NoSuchMethodError} at run time.
 *
 * <p>This class rewrites the instructions; {@link MethodCopies} decides which methods are copied
 * and under which names, {@link RunningMembers} checks and routes what the copies use,
 * {@link CarriedClasses} prepares the classes the fix adds, {@link CarriedFields} the fields.
 *
 * <p>Not thread-safe; one instance per changed class.
 */
final class ReplacementClassGenerator {

    private static final String TARGET_CLASS = "Lio/jlivepatch/api/TargetClass;";
    private static final String REPLACE = "Lio/jlivepatch/api/Replace;";
    private static final String LAMBDA_METAFACTORY = "java/lang/invoke/LambdaMetafactory";
    private static final int FLAG_SERIALIZABLE = 1;

    private final Versions versions;
    private final Report report;
    private final ClassComparison.Changes changes;
    private final ClassNode oldClass;
    private final ClassNode newClass;
    private final String target;
    private final String name;
    private final boolean isInterface;
    private final MethodCopies copies;
    private final CarriedFields fields;
    private final RunningMembers members;
    private final CarriedClasses carried;
    private final Remapper toOld;
    /** The copy being rewritten, named in refusals. */
    private MethodCopies.Copy current;

    ReplacementClassGenerator(Versions versions, Report report, ClassComparison.Changes changes) {
        this.versions = versions;
        this.report = report;
        this.changes = changes;
        this.oldClass = versions.old().node(changes.target());
        this.newClass = versions.now().node(changes.newName());
        this.target = changes.target();
        this.name = target + "$$Patch";
        this.isInterface = (oldClass.access & Opcodes.ACC_INTERFACE) != 0;
        this.toOld = versions.toOldNamesMarkingAdded();
        this.fields = new CarriedFields(versions, toOld, report, target, name);
        this.copies = new MethodCopies(oldClass, newClass, changes, toOld, report, target, binaryName());
        this.members = new RunningMembers(versions, toOld, target, this::refuse);
        this.carried = new CarriedClasses(versions, toOld, report, target, binaryName(), members, this::refuse);
    }

    /** The classes the new version adds that this replacement class carries (internal names of the new version). */
    Set<String> carriedClasses() {
        return carried.names();
    }

    /** The binary name of the generated class. */
    String binaryName() {
        return Program.dotted(name);
    }

    /** Generates the class file; refusals go to the report (the bytes are then not to be used). */
    byte[] generate() {
        if ((newClass.version & 0xFFFF) < Opcodes.V1_7) {
            report.refused(Program.dotted(target), "class file version " + (newClass.version & 0xFFFF) + " of "
                    + Program.dotted(target) + " predates invokedynamic, which patching needs (Java 7 or later)");
        }
        for (MethodNode method : newClass.methods) {
            if (copies.isFunc(method)) {
                copies.copy(method, true);
            }
        }
        List<MethodNode> methods = new ArrayList<>();
        for (current = copies.next(); current != null; current = copies.next()) {
            methods.add(rewrite(current));
        }
        ClassNode node = new ClassNode();
        // at least Java 11: nestmate access (invokevirtual of a private method) is defined from 55 on
        node.version = Math.max(newClass.version & 0xFFFF, Opcodes.V11);
        node.access = Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL | Opcodes.ACC_SUPER | Opcodes.ACC_SYNTHETIC;
        node.name = name;
        node.superName = "java/lang/Object";
        node.sourceFile = newClass.sourceFile;
        AnnotationNode targetClass = new AnnotationNode(TARGET_CLASS);
        targetClass.values = List.of("value", Program.dotted(target));
        node.invisibleAnnotations = List.of(targetClass);
        node.methods.addAll(methods);
        fields.addTo(node);
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        node.accept(writer);
        return writer.toByteArray();
    }

    // ---------------------------------------------------------------------------------------------
    // Rewriting one copy

    private MethodNode rewrite(MethodCopies.Copy copy) {
        MethodNode source = copy.source;
        int access = Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC | (copy.func ? 0 : Opcodes.ACC_SYNTHETIC)
                | ((newClass.version & 0xFFFF) < Opcodes.V17 ? source.access & Opcodes.ACC_STRICT : 0);
        MethodNode code = new MethodNode(Opcodes.ASM9, access, copy.name, copy.descriptor, null, null);
        // code only: annotations, parameters and signatures of the original do not fit a static copy
        MethodNode body = new MethodNode(Opcodes.ASM9, source.access, source.name, source.desc, null, null);
        body.instructions = source.instructions;
        body.tryCatchBlocks = source.tryCatchBlocks;
        body.localVariables = source.localVariables;
        body.maxStack = source.maxStack;
        body.maxLocals = source.maxLocals;
        body.accept(new MethodRemapper(code, toOld));
        code.access = access;
        code.name = copy.name;
        code.desc = copy.descriptor;
        for (AbstractInsnNode insn : code.instructions.toArray()) {
            if (insn instanceof MethodInsnNode call) {
                call(code, call);
            } else if (insn instanceof FieldInsnNode field) {
                field(code, field);
            } else if (insn instanceof InvokeDynamicInsnNode indy) {
                indy(indy);
            }
        }
        AddedClasses.constructions(code, carried::carry);
        for (String added : AddedClasses.mentioned(code)) {
            refuse("uses class " + Program.dotted(added) + ", which the running application lacks: a patch adds a"
                    + " class only where changed code creates it (new " + Program.dotted(added).replaceAll(".*\\.", "")
                    + "(...)) and uses it as its superclass or interfaces");
        }
        if (copy.func) {
            AnnotationNode replace = new AnnotationNode(REPLACE);
            List<Object> values = new ArrayList<>();
            if (!copy.name.equals(source.name)) {
                values.addAll(List.of("value", source.name));
            }
            if ((source.access & Opcodes.ACC_STATIC) != 0) {
                values.addAll(List.of("isStatic", Boolean.TRUE));
            }
            String fingerprint = Fingerprints.of(versions.old().bytes(target))
                    .get(new MethodRef(source.name, toOld.mapMethodDesc(source.desc)));
            if (fingerprint != null) {
                values.addAll(List.of("fingerprint", fingerprint));
            }
            replace.values = values.isEmpty() ? null : values;
            code.invisibleAnnotations = List.of(replace);
        }
        return code;
    }

    private void call(MethodNode code, MethodInsnNode call) {
        if (call.name.startsWith("<")) {
            members.linkCheck(call.owner, call.name, call.desc, false);
            return;
        }
        if (call.owner.equals(target)) {
            MethodNode method = copies.newMethod(call.name, call.desc);
            if (method != null && changes.leftOut().contains(method)) {
                // a contract between methods: the selection patches the caller, not the callee
                report.note(Program.dotted(target), Program.dotted(target) + "." + current.source.name + current.source.desc
                        + " calls " + method.name + method.desc + ", whose change the selection leaves out: it calls"
                        + " the running version");
            }
            if (method != null && copies.mustCopy(method)) {
                MethodCopies.Copy copy = copies.copy(method, false);
                code.instructions.set(call, new MethodInsnNode(Opcodes.INVOKESTATIC, name, copy.name, copy.descriptor, false));
                return;
            }
            if (call.getOpcode() == Opcodes.INVOKESPECIAL) {
                // a private method of the target: nestmates call it virtually (JVMS 11 invokevirtual/invokeinterface)
                call.setOpcode(isInterface ? Opcodes.INVOKEINTERFACE : Opcodes.INVOKEVIRTUAL);
                call.itf = isInterface;
                return;
            }
        } else if (call.getOpcode() == Opcodes.INVOKESPECIAL) {
            // super.m(): only a subclass may invokespecial its superclass; the target's own access can
            code.instructions.set(call, members.access(MethodHandleInfo.REF_invokeSpecial, call.owner, call.name,
                    "(" + Type.getObjectType(target).getDescriptor() + call.desc.substring(1)));
            return;
        }
        if (members.renamedAccessor(call)) {
            return;
        }
        boolean isStatic = call.getOpcode() == Opcodes.INVOKESTATIC;
        if (members.needsHostAccess(call.owner, call.name, call.desc, false)) {
            int kind = isStatic ? MethodHandleInfo.REF_invokeStatic : call.itf ? MethodHandleInfo.REF_invokeInterface
                    : MethodHandleInfo.REF_invokeVirtual;
            code.instructions.set(call, members.access(kind, call.owner, call.name, isStatic ? call.desc
                    : "(" + Type.getObjectType(call.owner).getDescriptor() + call.desc.substring(1)));
        }
    }

    private void field(MethodNode code, FieldInsnNode field) {
        if (fields.redirect(field, oldClass)) {
            return;
        }
        if (members.needsHostAccess(field.owner, field.name, field.desc, true)) {
            String owner = Type.getObjectType(field.owner).getDescriptor();
            switch (field.getOpcode()) {
                case Opcodes.GETFIELD -> code.instructions.set(field,
                        members.access(MethodHandleInfo.REF_getField, field.owner, field.name, "(" + owner + ")" + field.desc));
                case Opcodes.PUTFIELD -> code.instructions.set(field,
                        members.access(MethodHandleInfo.REF_putField, field.owner, field.name, "(" + owner + field.desc + ")V"));
                case Opcodes.GETSTATIC -> code.instructions.set(field,
                        members.access(MethodHandleInfo.REF_getStatic, field.owner, field.name, "()" + field.desc));
                default -> code.instructions.set(field,
                        members.access(MethodHandleInfo.REF_putStatic, field.owner, field.name, "(" + field.desc + ")V"));
            }
        }
    }

    private void indy(InvokeDynamicInsnNode indy) {
        boolean serializable = indy.bsm.getOwner().equals(LAMBDA_METAFACTORY) && indy.bsm.getName().equals("altMetafactory")
                && indy.bsmArgs.length > 3 && indy.bsmArgs[3] instanceof Integer flags && (flags & FLAG_SERIALIZABLE) != 0;
        for (int i = 0; i < indy.bsmArgs.length; i++) {
            if (!(indy.bsmArgs[i] instanceof Handle handle) || !handle.getOwner().equals(target)
                    || handle.getName().startsWith("<")) {
                continue;
            }
            MethodNode method = copies.newMethod(handle.getName(), handle.getDesc());
            String running = method == null ? null : runningLambda(method);
            if (running != null) {
                // the same body exists in the running class: the metafactory links to it directly
                indy.bsmArgs[i] = new Handle(Opcodes.H_INVOKESTATIC, target, running, handle.getDesc(), isInterface);
            } else if (method != null && copies.mustCopy(method)) {
                if (serializable) {
                    refuse("creates a serializable lambda or method reference to " + handle.getName() + handle.getDesc()
                            + ": deserialization looks it up in the running class, which lacks it");
                    continue;
                }
                MethodCopies.Copy copy = copies.copy(method, false);
                // The bootstrap stays LambdaMetafactory: the agent re-points every lambda site of a
                // replacement class to runtime's Lambdas when it defines it, as for a hand-written one.
                indy.bsmArgs[i] = new Handle(Opcodes.H_INVOKESTATIC, name, copy.name, copy.descriptor, false);
            } else if (handle.getTag() == Opcodes.H_INVOKESPECIAL) {
                indy.bsmArgs[i] = new Handle(isInterface ? Opcodes.H_INVOKEINTERFACE : Opcodes.H_INVOKEVIRTUAL,
                        handle.getOwner(), handle.getName(), handle.getDesc(), isInterface);
            } else if (handle.getTag() <= Opcodes.H_PUTSTATIC) {
                members.linkCheck(handle.getOwner(), handle.getName(), handle.getDesc(), true);
            } else {
                members.linkCheck(handle.getOwner(), handle.getName(), handle.getDesc(), false);
            }
        }
    }

    /**
     * The name, in the running class, of a static lambda body with the same code as {@code lambda}
     * (the compiler may have renumbered it), or {@code null}.
     */
    private String runningLambda(MethodNode lambda) {
        if (!Program.isLambda(lambda) || (lambda.access & Opcodes.ACC_STATIC) == 0) {
            return null;
        }
        String digest = versions.newNaming().digest(newClass.name, lambda);
        String descriptor = toOld.mapMethodDesc(lambda.desc);
        for (MethodNode candidate : oldClass.methods) {
            if (Program.isLambda(candidate) && (candidate.access & Opcodes.ACC_STATIC) != 0
                    && candidate.desc.equals(descriptor) && versions.oldNaming().digest(target, candidate).equals(digest)) {
                return candidate.name;
            }
        }
        return null;
    }

    /** Refuses {@code what}, naming the method being copied (also for {@link RunningMembers} and {@link CarriedClasses}). */
    private void refuse(String what) {
        String method = current == null ? "" : Program.dotted(target) + "." + current.source.name + current.source.desc + " ";
        report.refused(Program.dotted(target), method + what);
    }
}
