package io.jlivepatch.build;

import io.jlivepatch.core.model.MethodRef;
import io.jlivepatch.core.weave.Fingerprints;
import io.jlivepatch.runtime.Access;
import java.lang.invoke.MethodHandleInfo;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * <p>Not thread-safe; one instance per changed class.
 */
final class ReplacementClassGenerator {

    private static final String TARGET_CLASS = "Lio/jlivepatch/api/TargetClass;";
    private static final String REPLACE = "Lio/jlivepatch/api/Replace;";
    private static final String LAMBDA_METAFACTORY = "java/lang/invoke/LambdaMetafactory";
    private static final int FLAG_SERIALIZABLE = 1;

    /** One method of the replacement class. */
    private static final class Copy {
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

    private final Versions versions;
    private final Report report;
    private final ClassComparison.Changes changes;
    private final ClassNode oldClass;
    private final ClassNode newClass;
    private final String target;
    private final String name;
    private final boolean isInterface;
    private final Set<MethodNode> funcs;
    /** Copies by the key {@code name + descriptor} of the source, with class names mapped to the running ones. */
    private final Map<String, Copy> copies = new LinkedHashMap<>();
    private final Set<String> taken = new HashSet<>();
    private final Deque<Copy> pending = new ArrayDeque<>();
    private final CarriedFields fields;
    private Copy current;
    /** Classes the new version adds that this class carries: name in the new version -> class file pieces. */
    private final Map<String, List<String>> carriedClasses = new LinkedHashMap<>();
    private final Set<String> uncarriable = new HashSet<>();
    private final Remapper toOld;

    ReplacementClassGenerator(Versions versions, Report report, ClassComparison.Changes changes) {
        this.versions = versions;
        this.report = report;
        this.changes = changes;
        this.oldClass = versions.old().node(changes.target());
        this.newClass = versions.now().node(changes.newName());
        this.target = changes.target();
        this.name = target + "$$Patch";
        this.isInterface = (oldClass.access & Opcodes.ACC_INTERFACE) != 0;
        this.funcs = new HashSet<>(changes.funcs());
        this.toOld = versions.toOldNamesMarkingAdded();
        this.fields = new CarriedFields(versions, toOld, report, target, name);
    }

    /** The classes the new version adds that this replacement class carries (internal names of the new version). */
    Set<String> carriedClasses() {
        return carriedClasses.keySet();
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
            if (funcs.contains(method)) {
                copy(method, true);
            }
        }
        List<MethodNode> methods = new ArrayList<>();
        while (!pending.isEmpty()) {
            current = pending.removeFirst();
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
    // Copies

    /** The copy of {@code source} (a method of the new class), added the first time. */
    private Copy copy(MethodNode source, boolean func) {
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
                    + source.name + source.desc + " as " + binaryName() + "." + chosen + descriptor);
        }
        return copy;
    }

    /** The new class's method with this name and mapped descriptor, or {@code null}. */
    private MethodNode newMethod(String methodName, String mappedDescriptor) {
        for (MethodNode method : newClass.methods) {
            if (method.name.equals(methodName) && toOld.mapMethodDesc(method.desc).equals(mappedDescriptor)) {
                return method;
            }
        }
        return null;
    }

    /** Whether a method of the new class the copied code uses must be copied too. */
    private boolean mustCopy(MethodNode method) {
        if (Program.isLambda(method)) {
            return true;
        }
        if ((method.access & Opcodes.ACC_PRIVATE) == 0 || method.name.startsWith("<")) {
            return false;
        }
        MethodNode old = Program.method(oldClass, method.name, toOld.mapMethodDesc(method.desc));
        return old == null || funcs.contains(method) || changes.helpers().contains(method);
    }

    // ---------------------------------------------------------------------------------------------
    // Rewriting one copy

    private MethodNode rewrite(Copy copy) {
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
        AddedClasses.constructions(code, this::carry);
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
            linkCheck(call.owner, call.name, call.desc, false);
            return;
        }
        if (call.owner.equals(target)) {
            MethodNode method = newMethod(call.name, call.desc);
            if (method != null && changes.leftOut().contains(method)) {
                // a contract between methods: the selection patches the caller, not the callee
                report.note(Program.dotted(target), Program.dotted(target) + "." + current.source.name + current.source.desc
                        + " calls " + method.name + method.desc + ", whose change the selection leaves out: it calls"
                        + " the running version");
            }
            if (method != null && mustCopy(method)) {
                Copy copy = copy(method, false);
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
            code.instructions.set(call, access(MethodHandleInfo.REF_invokeSpecial, call.owner, call.name,
                    "(" + Type.getObjectType(target).getDescriptor() + call.desc.substring(1)));
            return;
        }
        if (renamedAccessor(call)) {
            return;
        }
        boolean isStatic = call.getOpcode() == Opcodes.INVOKESTATIC;
        if (needsHostAccess(call.owner, call.name, call.desc, false)) {
            int kind = isStatic ? MethodHandleInfo.REF_invokeStatic : call.itf ? MethodHandleInfo.REF_invokeInterface
                    : MethodHandleInfo.REF_invokeVirtual;
            code.instructions.set(call, access(kind, call.owner, call.name, isStatic ? call.desc
                    : "(" + Type.getObjectType(call.owner).getDescriptor() + call.desc.substring(1)));
        }
    }

    private void field(MethodNode code, FieldInsnNode field) {
        if (fields.redirect(field, oldClass)) {
            return;
        }
        if (needsHostAccess(field.owner, field.name, field.desc, true)) {
            String owner = Type.getObjectType(field.owner).getDescriptor();
            switch (field.getOpcode()) {
                case Opcodes.GETFIELD -> code.instructions.set(field,
                        access(MethodHandleInfo.REF_getField, field.owner, field.name, "(" + owner + ")" + field.desc));
                case Opcodes.PUTFIELD -> code.instructions.set(field,
                        access(MethodHandleInfo.REF_putField, field.owner, field.name, "(" + owner + field.desc + ")V"));
                case Opcodes.GETSTATIC -> code.instructions.set(field,
                        access(MethodHandleInfo.REF_getStatic, field.owner, field.name, "()" + field.desc));
                default -> code.instructions.set(field,
                        access(MethodHandleInfo.REF_putStatic, field.owner, field.name, "(" + field.desc + ")V"));
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
            MethodNode method = newMethod(handle.getName(), handle.getDesc());
            String running = method == null ? null : runningLambda(method);
            if (running != null) {
                // the same body exists in the running class: the metafactory links to it directly
                indy.bsmArgs[i] = new Handle(Opcodes.H_INVOKESTATIC, target, running, handle.getDesc(), isInterface);
            } else if (method != null && mustCopy(method)) {
                if (serializable) {
                    refuse("creates a serializable lambda or method reference to " + handle.getName() + handle.getDesc()
                            + ": deserialization looks it up in the running class, which lacks it");
                    continue;
                }
                Copy copy = copy(method, false);
                // The bootstrap stays LambdaMetafactory: the agent re-points every lambda site of a
                // replacement class to runtime's Lambdas when it defines it, as for a hand-written one.
                indy.bsmArgs[i] = new Handle(Opcodes.H_INVOKESTATIC, name, copy.name, copy.descriptor, false);
            } else if (handle.getTag() == Opcodes.H_INVOKESPECIAL) {
                indy.bsmArgs[i] = new Handle(isInterface ? Opcodes.H_INVOKEINTERFACE : Opcodes.H_INVOKEVIRTUAL,
                        handle.getOwner(), handle.getName(), handle.getDesc(), isInterface);
            } else if (handle.getTag() <= Opcodes.H_PUTSTATIC) {
                linkCheck(handle.getOwner(), handle.getName(), handle.getDesc(), true);
            } else {
                linkCheck(handle.getOwner(), handle.getName(), handle.getDesc(), false);
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

    /** {@code invokedynamic name(descriptor)} linked by {@link Access#member} with the target's access. */
    private InvokeDynamicInsnNode access(int kind, String owner, String member, String descriptor) {
        Handle bootstrap = new Handle(Opcodes.H_INVOKESTATIC, Access.INTERNAL_NAME, Access.MEMBER,
                Access.MEMBER_DESCRIPTOR, false);
        return new InvokeDynamicInsnNode(member, descriptor, bootstrap, kind, Type.getObjectType(owner),
                Type.getObjectType(target));
    }

    /**
     * Whether a member the copied code uses is one only the target (as a subclass) may use: a
     * protected member declared in another package by a superclass, or one whose declaration is in
     * a class the build does not have (then the {@link Access} route is the safe one). Also checks
     * that the member exists in the running version.
     */
    private boolean needsHostAccess(String owner, String member, String descriptor, boolean isField) {
        Program old = versions.old();
        if (!old.isSuperclassOrSelf(owner, target)) {
            linkCheck(owner, member, descriptor, isField);
            return false;
        }
        Program.Declared declared = old.declaration(owner, member, descriptor, isField);
        if (declared == null) {
            if (old.isHierarchyKnown(owner)) {
                missing(owner, member, descriptor);
            }
            return !old.isHierarchyKnown(owner) && !owner.equals(target);
        }
        return !declared.owner().equals(target) && (declared.access() & Opcodes.ACC_PROTECTED) != 0
                && !Program.packageOf(declared.owner()).equals(Program.packageOf(target));
    }

    /** Refuses a member of a class of the running application that it does not declare. */
    private void linkCheck(String owner, String member, String descriptor, boolean isField) {
        Program old = versions.old();
        if (old.contains(owner) && old.isHierarchyKnown(owner)
                && old.declaration(owner, member, descriptor, isField) == null) {
            missing(owner, member, descriptor);
        }
    }

    private void missing(String owner, String member, String descriptor) {
        refuse("uses " + Program.dotted(owner) + "." + member + (descriptor.startsWith("(") ? descriptor : " (" + descriptor + ")")
                + ", which the running " + Program.dotted(owner) + " does not declare");
    }

    /** An accessor of another class the compiler renumbered: call it by its running name. */
    private boolean renamedAccessor(MethodInsnNode call) {
        String newOwner = versions.correspondence().newName(call.owner);
        MethodNode accessor = newOwner == null ? null : findByMappedDesc(versions.now().node(newOwner), call.name, call.desc);
        if (accessor == null || !Program.isNumbered(accessor) || Program.isLambda(accessor)) {
            return false;
        }
        String digest = versions.newNaming().digest(newOwner, accessor);
        ClassNode old = versions.old().node(call.owner);
        for (MethodNode candidate : old == null ? List.<MethodNode>of() : old.methods) {
            if (Program.isNumbered(candidate) && candidate.desc.equals(call.desc)
                    && versions.oldNaming().digest(call.owner, candidate).equals(digest)) {
                call.name = candidate.name;
                return true;
            }
        }
        refuse("uses accessor " + Program.dotted(call.owner) + "." + call.name + call.desc + ", which the running "
                + Program.dotted(call.owner) + " has no equivalent of: the fix reaches a private member of another"
                + " class in a way the running classes do not (recompile for Java 11 or later, where nestmates need no"
                + " accessors)");
        return true;
    }

    private MethodNode findByMappedDesc(ClassNode node, String methodName, String mappedDescriptor) {
        if (node == null) {
            return null;
        }
        for (MethodNode method : node.methods) {
            if (method.name.equals(methodName) && toOld.mapMethodDesc(method.desc).equals(mappedDescriptor)) {
                return method;
            }
        }
        return null;
    }

    private void refuse(String what) {
        String method = current == null ? "" : Program.dotted(target) + "." + current.source.name + current.source.desc + " ";
        report.refused(Program.dotted(target), method + what);
    }

    // ---------------------------------------------------------------------------------------------
    // Classes the fix adds

    /**
     * The class file (in constant-pool-sized pieces) of a class the new version adds, prepared to be
     * defined as a hidden nestmate by the replacement class; {@code null}, with the refusal
     * reported, when it cannot be carried.
     */
    private AddedClasses.Carried carry(String added) {
        List<String> pieces = carriedClasses.get(added);
        if (pieces != null) {
            return new AddedClasses.Carried(pieces, superclassOf(added));
        }
        if (uncarriable.contains(added)) {
            return null;
        }
        AddedClasses carrier = new AddedClasses(versions, toOld);
        List<String> problems = new ArrayList<>();
        if (!Program.packageOf(added).equals(Program.packageOf(target))) {
            problems.add("it is in another package than " + Program.dotted(target));
        }
        byte[] classFile = problems.isEmpty() ? carrier.prepare(added, problems, this::renamedAccessor, this::linkCheck) : null;
        if (!problems.isEmpty()) {
            uncarriable.add(added);
            refuse("creates new class " + Program.dotted(added) + ", which cannot be carried: " + String.join("; ", problems));
            return null;
        }
        pieces = AddedClasses.pieces(classFile);
        carriedClasses.put(added, pieces);
        report.carried(Program.dotted(target), "new class " + Program.dotted(added) + " as a hidden nestmate that "
                + binaryName() + " defines when it first creates one");
        return new AddedClasses.Carried(pieces, superclassOf(added));
    }

    private String superclassOf(String added) {
        return toOld.map(versions.now().node(added).superName);
    }
}
