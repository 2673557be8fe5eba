package io.jlivepatch.core.registry;

import io.jlivepatch.core.model.Patch;
import io.jlivepatch.core.model.PatchObject;

/**
 * Which classes may be patched at all. Refused: the JDK packages the dispatch and transition code
 * itself runs on (patching them could recurse into the patch machinery or deadlock class loading),
 * and jlivepatch's own classes. Other JDK classes, {@code java.util.BitSet} for example, are fine.
 *
 * <p>Stateless and thread-safe.
 */
public final class TargetPolicy {

    private static final String[] DENIED = {
        "java.lang.", "java.util.concurrent.", "java.security.", "jdk.", "sun.", "com.sun.",
    };

    /** jlivepatch's own packages (the samples are not among them: they are ordinary applications). */
    private static final String[] OWN = {
        "io.jlivepatch.runtime.", "io.jlivepatch.api.", "io.jlivepatch.core.", "io.jlivepatch.agent.",
        "io.jlivepatch.shaded.",
    };

    private TargetPolicy() {}

    /** Whether {@code className} (binary name, with dots) is one of jlivepatch's own classes. */
    public static boolean isOwn(String className) {
        for (String prefix : OWN) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** Throws naming the class when {@code patch} targets a refused class. */
    static void check(Patch patch) {
        for (PatchObject object : patch.objects()) {
            String reason = reason(object.className());
            if (reason != null) {
                throw LivepatchException.refused("patch '" + patch.name() + "' cannot patch class "
                        + object.className() + ": " + reason);
            }
        }
    }

    static String reason(String className) {
        if (isOwn(className)) {
            return "jlivepatch's own classes are not patchable";
        }
        for (String prefix : DENIED) {
            if (className.startsWith(prefix)) {
                return "classes in " + prefix + "* are not patchable (the patch machinery itself runs on them; see the README)";
            }
        }
        return null;
    }
}
