package io.jlivepatch.build;

import io.jlivepatch.core.weave.Fingerprints;
import io.jlivepatch.core.weave.MethodText;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.objectweb.asm.tree.MethodNode;

/**
 * How the build spells names when it compares code: like {@link MethodText.Naming#AS_IS}, except
 * for what the compiler numbers. A reference to a lambda body or an accessor ({@code lambda$m$N},
 * {@code access$N}) is spelled by a digest of that method's own code (recursively), so renumbering
 * is invisible and a changed lambda body is visible in every method that uses it; a switch-map field
 * is spelled by the mapping it holds; class names go through a mapping (the new version's
 * anonymous classes to the old names they correspond to).
 *
 * <p>Not thread-safe: digests are memoized; one instance per version and mapping.
 */
final class ContentNaming extends MethodText.Naming {

    private final Program program;
    private final UnaryOperator<String> types;
    private final SwitchMaps switchMaps;
    private final Map<String, String> digests = new HashMap<>();
    private final Set<String> computing = new HashSet<>();

    ContentNaming(Program program, UnaryOperator<String> types) {
        this.program = program;
        this.types = types;
        this.switchMaps = new SwitchMaps(program);
    }

    @Override
    public String type(String internalName) {
        return types.apply(internalName);
    }

    @Override
    public String method(String owner, String name, String descriptor) {
        MethodNode method = program.method(owner, name, descriptor);
        if (method != null && Program.isNumbered(method)) {
            return type(owner) + ".#" + digest(owner, method) + methodDescriptor(descriptor);
        }
        return super.method(owner, name, descriptor);
    }

    @Override
    public String field(String owner, String name, String descriptor) {
        if (program.isSwitchMap(owner)) {
            return "switchmap " + switchMaps.content(owner, name, this);
        }
        return super.field(owner, name, descriptor);
    }

    /** The normal form of {@code method} with these names. */
    String text(MethodNode method) {
        return MethodText.of(method, this);
    }

    /** A digest of a numbered method's code, without its name. */
    String digest(String owner, MethodNode method) {
        String key = owner + "." + method.name + method.desc;
        String digest = digests.get(key);
        if (digest != null) {
            return digest;
        }
        if (!computing.add(key)) {
            return "recursive"; // a lambda body that refers to itself: stop here, the outer digest covers it
        }
        try {
            MethodNode unnamed = new MethodNode(method.access, "_", method.desc, null, null);
            unnamed.instructions = method.instructions;
            unnamed.tryCatchBlocks = method.tryCatchBlocks;
            digest = Fingerprints.sha256(MethodText.of(unnamed, this)).substring(0, 16);
        } finally {
            computing.remove(key);
        }
        digests.put(key, digest);
        return digest;
    }
}
