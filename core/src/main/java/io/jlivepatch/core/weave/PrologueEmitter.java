package io.jlivepatch.core.weave;

import io.jlivepatch.runtime.Dispatch;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Writes the trampoline in front of one method's original code and passes the code through
 * untouched. The shape (see {@link Trampoline}) and its stack and frame bookkeeping live here.
 *
 * <p>Not thread-safe: one instance per woven method of one {@link Trampoline#weave} call.
 */
final class PrologueEmitter extends MethodVisitor {

    private static final Handle GUARD_BOOTSTRAP = bootstrap(Dispatch.GUARD);
    private static final Handle CALL_BOOTSTRAP = bootstrap(Dispatch.CALL);

    private final int classVersion;
    private final boolean isStatic;
    private final String key;
    private final Type[] arguments;
    private final Type returnType;
    private final String callDescriptor;
    private final int lineToRestore;

    /**
     * @param owner internal name of the class declaring the method (an interface for default,
     *     private and static interface methods)
     * @param lineToRestore see {@link BodyStart#lineToRestore()}
     */
    PrologueEmitter(MethodVisitor code, String owner, int classVersion, int access, String name, String descriptor,
            int lineToRestore) {
        super(Opcodes.ASM9, code);
        this.classVersion = classVersion;
        this.isStatic = (access & Opcodes.ACC_STATIC) != 0;
        this.key = name + descriptor; // MethodRef.toString(): the key both bootstraps receive
        this.arguments = Type.getArgumentTypes(descriptor);
        this.returnType = Type.getReturnType(descriptor);
        this.callDescriptor = isStatic ? descriptor : withReceiver(Type.getObjectType(owner), arguments, returnType);
        this.lineToRestore = lineToRestore;
    }

    @Override
    public void visitCode() {
        super.visitCode();
        Label prologue = new Label();
        Label original = new Label();

        super.visitLabel(prologue);
        super.visitLineNumber(Trampoline.PROLOGUE_LINE, prologue);
        // [] -> [Z]: the per-method guard, a MutableCallSite bound to a constant boolean
        super.visitInvokeDynamicInsn(Dispatch.GUARD, "()Z", GUARD_BOOTSTRAP, key);
        // [Z] -> []: false runs the original body
        super.visitJumpInsn(Opcodes.IFEQ, original);
        // [] -> [receiver?, arg1, ..., argN]
        loadReceiverAndArguments();
        // [receiver?, arg1, ..., argN] -> [R] (nothing for void): the chosen replacement
        super.visitInvokeDynamicInsn(Dispatch.CALL, callDescriptor, CALL_BOOTSTRAP, key);
        // [R] -> returned to the caller
        super.visitInsn(returnType.getOpcode(Opcodes.IRETURN));

        super.visitLabel(original);
        // [] here. The jump target follows an unconditional return, so the type checker needs a
        // frame. It is the method's initial frame (arguments in their slots, empty stack), and the
        // original body's first frame was encoded as a delta from exactly that frame, so it keeps
        // its meaning. Before class file version 50 frames are not written (and such classes are
        // refused anyway: they predate invokedynamic).
        if (classVersion >= Opcodes.V1_6) {
            super.visitFrame(Opcodes.F_SAME, 0, null, 0, null);
        }
        // The original body may itself have a frame at its offset 0 (a loop header as its first
        // statement); two frames at one offset are invalid, so keep that one off this offset.
        super.visitInsn(Opcodes.NOP);
        if (lineToRestore != BodyStart.NO_LINE) {
            super.visitLineNumber(lineToRestore, original);
        }
        // The original code follows through this visitor unchanged.
    }

    @Override
    public void visitMaxs(int maxStack, int maxLocals) {
        // Locals: the prologue only reads the argument slots, which every method already has.
        super.visitMaxs(Math.max(maxStack, prologueStack()), maxLocals);
    }

    /** [] -> [receiver?, arg1, ..., argN]; long and double take two slots in locals and on the stack. */
    private void loadReceiverAndArguments() {
        int slot = 0;
        if (!isStatic) {
            super.visitVarInsn(Opcodes.ALOAD, slot++);
        }
        for (Type argument : arguments) {
            super.visitVarInsn(argument.getOpcode(Opcodes.ILOAD), slot);
            slot += argument.getSize();
        }
    }

    /**
     * The deepest stack the prologue needs: 1 for the guard's boolean, the receiver and arguments
     * before the call, and the result after it (2 for long and double, which can exceed the
     * arguments, as in a static {@code long f(Object)} whose body only throws).
     */
    private int prologueStack() {
        int argumentSlots = isStatic ? 0 : 1;
        for (Type argument : arguments) {
            argumentSlots += argument.getSize();
        }
        return Math.max(1, Math.max(argumentSlots, returnType.getSize()));
    }

    private static String withReceiver(Type owner, Type[] arguments, Type returnType) {
        Type[] parameters = new Type[arguments.length + 1];
        parameters[0] = owner;
        System.arraycopy(arguments, 0, parameters, 1, arguments.length);
        return Type.getMethodDescriptor(returnType, parameters);
    }

    private static Handle bootstrap(String name) {
        return new Handle(Opcodes.H_INVOKESTATIC, Dispatch.INTERNAL_NAME, name, Dispatch.BOOTSTRAP_DESCRIPTOR, false);
    }
}
