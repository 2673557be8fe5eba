package io.jlivepatch.core.weave;

import io.jlivepatch.runtime.Dispatch;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * How a method's original code begins, as far as weaving cares.
 *
 * <p>A line number table maps each bytecode offset to the entry with the greatest start at or
 * below it, and has no way to say "no line from here on". The prologue's entry at offset 0
 * ({@link Trampoline#PROLOGUE_LINE}) therefore covers the original body too, up to the body's own
 * first entry. javac always puts that entry at the body's first instruction; when another compiler
 * or tool did not, the weaver gives the body's start the method's first declared line, so that
 * original code never shows the prologue's line. A method without any line numbers has nothing to
 * restore: all of it then shows {@link Trampoline#PROLOGUE_LINE}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param woven whether the code already starts with a trampoline's guard
 * @param lineToRestore the line to give the original body's first instruction, or {@link #NO_LINE}
 *     when the body already carries a line there or has no line numbers at all
 */
record BodyStart(boolean woven, int lineToRestore) {

    static final int NO_LINE = -1;

    /** Reads the start of {@code method}'s code, which must have code. */
    static BodyStart of(MethodNode method) {
        AbstractInsnNode firstInstruction = null;
        boolean lineAtStart = false;
        int firstLine = NO_LINE;
        // The tree lists labels, line numbers and frames (opcode -1) in bytecode offset order,
        // each just before the instruction at its offset.
        for (AbstractInsnNode node : method.instructions) {
            if (node instanceof LineNumberNode line) {
                lineAtStart |= firstInstruction == null;
                if (firstLine == NO_LINE) {
                    firstLine = line.line;
                }
            } else if (node.getOpcode() >= 0 && firstInstruction == null) {
                firstInstruction = node;
            }
        }
        return new BodyStart(isGuard(firstInstruction), lineAtStart ? NO_LINE : firstLine);
    }

    private static boolean isGuard(AbstractInsnNode instruction) {
        return instruction instanceof InvokeDynamicInsnNode indy
                && indy.bsm.getOwner().equals(Dispatch.INTERNAL_NAME)
                && indy.bsm.getName().equals(Dispatch.GUARD);
    }
}
