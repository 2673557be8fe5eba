package io.jlivepatch.agent.jvm;

import io.jlivepatch.core.registry.Livepatch;
import io.jlivepatch.core.registry.TargetPolicy;
import io.jlivepatch.core.weave.WeaveDecision;
import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@link ClassFileTransformer} that weaves trampolines: a thin adapter that carries out the
 * registry's {@link io.jlivepatch.core.weave.WeavePlan#decide decision} for each class, at load (the
 * kernel's module coming, which also runs the object callbacks of the loading copy and may leave it
 * unpatched) and at retransformation (enable, disable, replace). It always starts from the class
 * bytes as the JVM hands them to a retransform-capable transformer, so a class with no trampoline
 * left gets exactly its original bytes back.
 *
 * <p>Rules (spike pitfalls 2 and 3): it never throws (the JVM would swallow it silently): what
 * fails a retransformation is reported to {@link InstrumentationClassRedefiner}, which returns it as
 * the call's result; it checks {@code className} as well as {@code classBeingRedefined}, because a
 * class loaded during a retransformation arrives with the outer class as
 * {@code classBeingRedefined}; it never touches jlivepatch's own classes.
 *
 * <p>Thread-safety: called concurrently by the JVM; the report of the retransformation in progress
 * is guarded by its monitor (a class loading on another thread may add a misfit to it).
 */
public final class TrampolineTransformer implements ClassFileTransformer {

    /** What went wrong during one retransformation call: errors, and the first misfit with the enabling patch. */
    record Report(List<String> errors, String firstMisfit) {
    }

    /** Set once by {@link #bind}, before the transformer is registered; read by every transform. */
    private volatile Livepatch livepatch;
    /** Guarded by this: what the retransformation in progress reported, in text order. */
    private final List<String> errors = new ArrayList<>();
    private final List<String> misfits = new ArrayList<>();

    /** Binds the registry whose weave plan this transformer carries out (the two need each other). */
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
            boolean loading = classBeingRedefined == null;
            if (!loading && !classBeingRedefined.getName().equals(className)) {
                return null;
            }
            boolean alive = loading || livepatch.modules().isAlive(className, loader);
            WeaveDecision decision = livepatch.modules().weavePlan().decide(className, loading, alive, classfileBuffer);
            return apply(livepatch, decision, className, loader);
        } catch (Throwable t) {
            report("cannot transform " + internalName + ": " + t, false);
            return null;
        }
    }

    private byte[] apply(Livepatch livepatch, WeaveDecision decision, String className, ClassLoader loader) {
        if (decision instanceof WeaveDecision.Woven woven) {
            return woven.bytes();
        }
        if (decision instanceof WeaveDecision.Failed failed) {
            report(failed.error(), failed.misfit());
            return failed.kept();
        }
        if (decision instanceof WeaveDecision.Coming coming) {
            return livepatch.modules().coming(className, loader) ? coming.woven() : null;
        }
        if (decision instanceof WeaveDecision.LoadsUnpatched unpatched) {
            if (unpatched.report()) {
                livepatch.modules().loadFailed(className, loader, unpatched.reason());
            } else {
                // A misfit with the patch being enabled: that enable fails with it.
                report(unpatched.reason(), true);
            }
            return null;
        }
        return null; // Original
    }

    private synchronized void report(String message, boolean misfit) {
        errors.add(message);
        if (misfit) {
            misfits.add(message);
        }
    }

    /** Starts the report of a retransformation call (what an earlier one left is dropped). */
    synchronized void startReport() {
        errors.clear();
        misfits.clear();
    }

    /** Ends the report of the retransformation call; misfits in text order, so it does not depend on threads. */
    synchronized Report endReport() {
        Report report = new Report(List.copyOf(errors), misfits.stream().sorted().findFirst().orElse(null));
        errors.clear();
        misfits.clear();
        return report;
    }
}
