package io.jlivepatch.core.weave;

import io.jlivepatch.core.model.MethodRef;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.MethodNode;

/**
 * Decides, from a {@link ClassScan}, whether every method asked for can carry a trampoline, and
 * refuses with a {@link WeaveException} that names the class, the method and the reason otherwise.
 *
 * <p>Methods are checked in {@code name + descriptor} order, so that the same input always reports
 * the same first refusal whatever the iteration order of the caller's set.
 *
 * <p>Stateless and thread-safe.
 */
final class Eligibility {

    /** Class file version 51 (Java 7) introduced invokedynamic, which both halves of the trampoline are. */
    private static final int FIRST_INDY_VERSION = Opcodes.V1_7;

    private Eligibility() {}

    /**
     * Returns how each method's code begins, keyed by {@code name + descriptor}.
     *
     * @throws WeaveException for the first method (in name and descriptor order) that cannot be woven
     */
    static Map<String, BodyStart> check(ClassScan scan, Set<MethodRef> methods) throws WeaveException {
        List<MethodRef> ordered = methods.stream().sorted(Comparator.comparing(MethodRef::toString)).toList();
        Map<String, BodyStart> starts = new HashMap<>();
        for (MethodRef method : ordered) {
            starts.put(method.toString(), check(scan, method));
        }
        return starts;
    }

    private static BodyStart check(ClassScan scan, MethodRef method) throws WeaveException {
        if (scan.majorVersion() < FIRST_INDY_VERSION) {
            throw refuse(scan, method, "class file version " + scan.majorVersion() + "." + scan.minorVersion()
                    + " (Java " + javaRelease(scan.majorVersion()) + ") predates invokedynamic, which the trampoline"
                    + " is made of; it needs class file version 51 (Java 7) or later");
        }
        if (method.name().equals("<init>")) {
            throw refuse(scan, method, "a constructor cannot carry a trampoline: the object is uninitialised until"
                    + " super(...) or this(...) returns, so it cannot be handed to a replacement");
        }
        if (method.name().equals("<clinit>")) {
            throw refuse(scan, method, "a static initialiser cannot carry a trampoline: it has already run when a"
                    + " loaded class is patched and is never called again");
        }
        MethodNode node = scan.method(method);
        if (node == null) {
            throw refuse(scan, method, "no such method in the class");
        }
        if ((node.access & Opcodes.ACC_ABSTRACT) != 0) {
            throw refuse(scan, method, "the method is abstract and has no code to carry a trampoline;"
                    + " patch its implementations instead");
        }
        if ((node.access & Opcodes.ACC_NATIVE) != 0) {
            throw refuse(scan, method, "the method is native and has no bytecode to carry a trampoline");
        }
        BodyStart start = BodyStart.of(node);
        if (start.woven()) {
            throw refuse(scan, method, "the method already starts with a trampoline;"
                    + " weave the class's original bytes instead");
        }
        return start;
    }

    private static WeaveException refuse(ClassScan scan, MethodRef method, String reason) {
        return new WeaveException("cannot patch " + scan.className() + "." + method + ": " + reason);
    }

    /** 45 to 48 were releases 1.1 to 1.4; from 49 on, the release is the major version minus 44. */
    private static String javaRelease(int major) {
        return major >= Opcodes.V1_5 ? Integer.toString(major - 44) : "1." + (major - 44);
    }
}
