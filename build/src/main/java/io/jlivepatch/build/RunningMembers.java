package io.jlivepatch.build;

import io.jlivepatch.runtime.Access;
import java.util.List;
import java.util.function.Consumer;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.commons.Remapper;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * What the code copied into one replacement class may reach in the running application: checks
 * that each member it uses exists in the running version, tells which members only the target
 * itself may use (so that the copy reaches them through the {@link Access} bootstrap with the
 * target's access), and calls accessors the compiler renumbered by their running names.
 *
 * <p>Each problem is refused through the callback of the {@link ReplacementClassGenerator}, which
 * names the method being copied: a refusal now rather than a {@code NoSuchMethodError} or
 * {@code IllegalAccessError} at run time.
 *
 * <p>Not thread-safe (the namings memoize); one instance per replacement class.
 */
final class RunningMembers {

    private final Versions versions;
    private final Remapper toOld;
    private final String target;
    private final Consumer<String> refuse;

    /**
     * @param toOld maps the new version's class names to the running ones
     * @param target the running class the replacement class patches (internal name)
     * @param refuse takes the message of a refusal
     */
    RunningMembers(Versions versions, Remapper toOld, String target, Consumer<String> refuse) {
        this.versions = versions;
        this.toOld = toOld;
        this.target = target;
        this.refuse = refuse;
    }

    /** {@code invokedynamic name(descriptor)} linked by {@link Access#member} with the target's access. */
    InvokeDynamicInsnNode access(int kind, String owner, String member, String descriptor) {
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
    boolean needsHostAccess(String owner, String member, String descriptor, boolean isField) {
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
    void linkCheck(String owner, String member, String descriptor, boolean isField) {
        Program old = versions.old();
        if (old.contains(owner) && old.isHierarchyKnown(owner)
                && old.declaration(owner, member, descriptor, isField) == null) {
            missing(owner, member, descriptor);
        }
    }

    private void missing(String owner, String member, String descriptor) {
        refuse.accept("uses " + Program.dotted(owner) + "." + member + (descriptor.startsWith("(") ? descriptor : " (" + descriptor + ")")
                + ", which the running " + Program.dotted(owner) + " does not declare");
    }

    /**
     * An accessor of another class the compiler renumbered: call it by its running name. Returns
     * whether {@code call} was such an accessor (renamed, or refused when the running class has no
     * equivalent).
     */
    boolean renamedAccessor(MethodInsnNode call) {
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
        refuse.accept("uses accessor " + Program.dotted(call.owner) + "." + call.name + call.desc + ", which the running "
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
}
