package io.jlivepatch.core.weave;

import io.jlivepatch.core.model.MethodRef;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassTooLargeException;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodTooLargeException;

/**
 * Inserts the dispatch trampoline (architecture §4) at the start of methods of one class file:
 * pure {@code byte[] -> byte[]}, no class loading, no I/O.
 *
 * <p>Each woven method begins, once, with this prologue, where {@code key} is the method's
 * {@link MethodRef#toString()} and both bootstraps are {@code io.jlivepatch.runtime.Dispatch}'s:
 * <pre>
 *   [line PROLOGUE_LINE]
 *   invokedynamic guard()Z                  bootstrap Dispatch.guard, key
 *   ifeq ORIGINAL
 *   aload_0 (instance methods), then every argument with its xLOAD
 *   invokedynamic call(Owner;args)R         bootstrap Dispatch.call, key  (no Owner when static)
 *   xRETURN
 * ORIGINAL:
 *   F_SAME frame, nop
 *   the original body, unchanged
 * </pre>
 * The original body keeps its frames, exception handlers, local variables and line numbers, all
 * moved past the prologue: its handlers never cover the redirect, so whatever the replacement
 * throws reaches the caller unchanged, and only the redirect shows {@link #PROLOGUE_LINE} in stack
 * traces (see {@link BodyStart} for bodies without a line at their start). Frames are written by
 * hand rather than computed: {@code COMPUTE_FRAMES} would load classes (for common super types)
 * from inside a {@code ClassFileTransformer}. Every other method, and everything else in the class,
 * is copied unchanged. Unweaving is handing back the original bytes.
 *
 * <p>Stateless and thread-safe. The output is a function of the input: the same bytes and the same
 * set always give the same bytes.
 */
public final class Trampoline {

    /** The line number the prologue carries, so stack traces show redirected calls. */
    public static final int PROLOGUE_LINE = 65000;

    private Trampoline() {}

    /**
     * Returns {@code original} with a trampoline at the start of each method in {@code methods};
     * {@code original} itself (the same array) when {@code methods} is empty.
     *
     * @param original a class file as the JVM would load it, before any trampoline
     * @param methods methods the class declares, each with code
     * @throws WeaveException naming the class and method when one cannot be woven (missing,
     *     abstract, native, a constructor or static initialiser, already woven, too large once
     *     woven), or when the class file predates invokedynamic or cannot be read; nothing is
     *     woven then
     */
    public static byte[] weave(byte[] original, Set<MethodRef> methods) throws WeaveException {
        Objects.requireNonNull(original, "original");
        if (methods.isEmpty()) {
            return original;
        }
        ClassReader reader;
        ClassScan scan;
        try {
            reader = new ClassReader(original);
            scan = ClassScan.of(reader, methods);
        } catch (RuntimeException malformed) { // ASM's way of saying "not a class file it can read"
            throw unreadable(methods, malformed);
        }
        Map<String, BodyStart> targets = Eligibility.check(scan, methods);

        // Flags 0: no frames or maxima computed; the emitter supplies both for the prologue, and
        // every method not woven is copied as is.
        ClassWriter writer = new ClassWriter(reader, 0);
        try {
            reader.accept(new TrampolineInserter(writer, targets), 0);
            return writer.toByteArray();
        } catch (MethodTooLargeException e) {
            throw new WeaveException("cannot patch " + scan.className() + "." + e.getMethodName() + e.getDescriptor()
                    + ": its code would be " + e.getCodeSize() + " bytes with the trampoline, over the JVM's limit"
                    + " of 65535", e);
        } catch (ClassTooLargeException e) {
            throw new WeaveException("cannot patch " + scan.className() + " " + sorted(methods) + ": its constant"
                    + " pool would have " + e.getConstantPoolCount() + " entries with the trampolines, over the"
                    + " JVM's limit of 65535", e);
        } catch (RuntimeException e) { // parts the scan skipped (stack map frames) that ASM cannot rewrite
            throw new WeaveException("cannot patch " + scan.className() + " " + sorted(methods) + ": ASM cannot"
                    + " rewrite the class file: " + e, e);
        }
    }

    private static WeaveException unreadable(Set<MethodRef> methods, RuntimeException cause) {
        return new WeaveException("cannot read the class file to patch " + sorted(methods) + ": " + cause, cause);
    }

    /** The methods in name and descriptor order, so that messages do not depend on the set's iteration order. */
    private static List<String> sorted(Set<MethodRef> methods) {
        return methods.stream().map(MethodRef::toString).sorted().toList();
    }
}
