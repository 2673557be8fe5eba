package io.jlivepatch.agent.jvm;

import io.jlivepatch.core.model.MethodRef;
import io.jlivepatch.core.registry.Livepatch;
import io.jlivepatch.core.registry.Misfit;
import io.jlivepatch.core.registry.TargetPolicy;
import io.jlivepatch.core.weave.Trampoline;
import io.jlivepatch.core.weave.WeaveException;
import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The {@link ClassFileTransformer} that weaves trampolines: at class load (a class patched before
 * it loaded, the kernel's module coming, which also runs the object callbacks of the loading copy
 * and may leave it unpatched) and at retransformation (enable, disable, replace). It
 * always starts from the class bytes as the JVM hands them to a retransform-capable transformer,
 * so a class with no trampoline left gets exactly its original bytes back.
 *
 * <p>Before weaving a class that patches hold fingerprinted funcs for, it asks the registry to check
 * the original bytes against them ({@link Livepatch#misfit}): a class that is not what a patch was
 * built against is never woven for it.
 *
 * <p>Rules (spike pitfalls 2 and 3): it never throws (the JVM would swallow it silently): errors are
 * recorded and rethrown by {@link InstrumentationClassRedefiner}; it checks {@code className} as
 * well as {@code classBeingRedefined}, because a class loaded during a retransformation arrives
 * with the outer class as {@code classBeingRedefined}; it never touches jlivepatch's own classes.
 *
 * <p>Thread-safety: called concurrently by the JVM; stateless apart from the error list, which is
 * thread-safe.
 */
public final class TrampolineTransformer implements ClassFileTransformer {

    /** Set once by {@link #bind}, before the transformer is registered; read by every transform. */
    private volatile Livepatch livepatch;
    /** Errors of the retransformation in progress; drained by the redefiner. */
    private final List<String> errors = new CopyOnWriteArrayList<>();

    /** Binds the registry whose weave set this transformer applies (the two need each other). */
    public void bind(Livepatch registry) {
        this.livepatch = registry;
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String internalName, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] classfileBuffer) {
        Livepatch livepatch = this.livepatch;
        try {
            if (livepatch == null || internalName == null) {
                return null;
            }
            String className = internalName.replace('/', '.');
            if (TargetPolicy.isOwn(className)) {
                return null;
            }
            boolean redefining = classBeingRedefined != null;
            if (redefining && !classBeingRedefined.getName().equals(className)) {
                return null;
            }
            if (!redefining) {
                return coming(livepatch, loader, className, classfileBuffer);
            }
            Set<MethodRef> methods = livepatch.wovenMethods(className);
            if (methods.isEmpty() || !livepatch.isAlive(className, loader)) {
                // Nothing to weave, or a copy no patch may touch (refused, or its loader went):
                // its original bytes.
                return null;
            }
            if (livepatch.isFingerprinted(className)) {
                Misfit misfit = livepatch.misfit(className, classfileBuffer);
                if (misfit != null) {
                    return misfit(livepatch, className, classfileBuffer, misfit);
                }
            }
            try {
                return Trampoline.weave(classfileBuffer, methods);
            } catch (WeaveException e) {
                errors.add(e.getMessage());
                // Keep what the class had, so that the failed operation changes nothing.
                Set<MethodRef> before = livepatch.fallbackMethods(className);
                return before.isEmpty() ? null : Trampoline.weave(classfileBuffer, before);
            }
        } catch (Throwable t) {
            errors.add("cannot transform " + internalName + ": " + t);
            return null;
        }
    }

    /**
     * A class loads (the kernel's module coming): weave what the active patches need, then let the
     * registry run the callbacks, which may refuse this copy; a refused copy loads unpatched. The
     * weave comes first because it is pure: when it fails, no callback has run and none will.
     */
    private static byte[] coming(Livepatch livepatch, ClassLoader loader, String className, byte[] bytes) {
        Set<MethodRef> methods = livepatch.wovenMethods(className);
        if (methods.isEmpty() && !livepatch.isObject(className)) {
            return null;
        }
        if (livepatch.isFingerprinted(className)) {
            Misfit misfit = livepatch.misfit(className, bytes);
            if (misfit != null) {
                // Not the code a patch was built against: this copy loads unpatched (reported for an
                // active patch; the patch being enabled fails its own check and reports there).
                if (!misfit.enabling()) {
                    livepatch.classLoadFailed(className, loader, misfit.message());
                }
                return null;
            }
        }
        byte[] woven = null;
        if (!methods.isEmpty()) {
            try {
                woven = Trampoline.weave(bytes, methods);
            } catch (WeaveException e) {
                livepatch.classLoadFailed(className, loader, e.getMessage());
                return null;
            }
        }
        return livepatch.classComing(className, loader) ? woven : null;
    }

    /**
     * A copy being retransformed that is not what a patch was built against. For the patch being
     * enabled it fails the retransformation and keeps the class as it was; for an active patch the
     * copy goes back to its bytes as loaded, unpatched (a loading copy is handled by {@link #coming}).
     */
    private byte[] misfit(Livepatch livepatch, String className, byte[] original, Misfit misfit)
            throws WeaveException {
        if (misfit.enabling()) {
            errors.add(misfit.message());
            Set<MethodRef> before = livepatch.fallbackMethods(className);
            return before.isEmpty() ? null : Trampoline.weave(original, before);
        }
        return null;
    }

    /** Returns and clears the errors recorded since the last call. */
    List<String> drainErrors() {
        List<String> drained = List.copyOf(errors);
        errors.clear();
        return drained;
    }
}
