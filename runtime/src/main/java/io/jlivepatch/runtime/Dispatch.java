package io.jlivepatch.runtime;

import java.lang.invoke.CallSite;
import java.lang.invoke.ConstantCallSite;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The invokedynamic bootstrap methods that every woven method links to.
 *
 * <p>A woven method starts with a trampoline (see {@code io.jlivepatch.core.weave.Trampoline}):
 * <pre>
 *   invokedynamic guard()Z                  [bootstrap: Dispatch.guard, key]
 *   ifeq ORIGINAL
 *   load receiver and arguments
 *   invokedynamic call(Owner;args)R         [bootstrap: Dispatch.call, key]
 *   xreturn
 *   ORIGINAL: the untouched body
 * </pre>
 * Both bootstraps ask the installed {@link Linker} for the call site. They are fail-safe: with no
 * linker installed, or when it throws, the guard links to a constant {@code false} and the original
 * body runs; the error is logged once per call site. The call bootstrap is only ever reached after
 * its guard answered {@code true}, that is after the linker produced both sites.
 *
 * <p>This class lives in the boot loader so that woven code in any class loader, the
 * JDK's included, can link to it. It holds one reference, to the linker.
 *
 * <p>Thread-safety: all methods are thread-safe. The linker field is volatile: written once by the
 * agent's boot step, read by every bootstrap invocation.
 */
public final class Dispatch {

    /** The name of the guard invokedynamic instruction and of its bootstrap method. */
    public static final String GUARD = "guard";
    /** The name of the call invokedynamic instruction and of its bootstrap method. */
    public static final String CALL = "call";
    /** Internal name of this class, for bytecode generation. */
    public static final String INTERNAL_NAME = "io/jlivepatch/runtime/Dispatch";
    /** Descriptor of both bootstrap methods. */
    public static final String BOOTSTRAP_DESCRIPTOR =
            "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/invoke/MethodType;Ljava/lang/String;)"
                    + "Ljava/lang/invoke/CallSite;";

    private static final System.Logger LOG = System.getLogger("io.jlivepatch");

    /** Written by {@link #install}, read by every bootstrap. */
    private static volatile Linker linker;

    private Dispatch() {}

    /**
     * Installs the linker. The agent calls this once; a second call replaces the first, which is
     * how a re-attached agent of the same version keeps working.
     */
    public static void install(Linker newLinker) {
        linker = newLinker;
    }

    /** Returns the installed linker, or {@code null}. */
    public static Linker installed() {
        return linker;
    }

    /** Bootstrap of {@code invokedynamic guard()Z}. Never throws. */
    public static CallSite guard(MethodHandles.Lookup caller, String name, MethodType type, String key) {
        try {
            Linker current = linker;
            if (current != null) {
                CallSite site = current.link(caller, GUARD, type, key);
                if (site != null && site.type().equals(type)) {
                    return site;
                }
            }
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.ERROR, "jlivepatch: cannot link " + describe(caller, key)
                    + ", running the original code", t);
        }
        return new ConstantCallSite(MethodHandles.constant(boolean.class, false));
    }

    /**
     * Bootstrap of {@code invokedynamic call(...)}. Reached only after the guard of the same
     * method answered {@code true}; if linking fails anyway, the site throws an
     * {@link IllegalStateException} that names the method, rather than running unknown code.
     */
    public static CallSite call(MethodHandles.Lookup caller, String name, MethodType type, String key) {
        Throwable cause = null;
        try {
            Linker current = linker;
            if (current != null) {
                CallSite site = current.link(caller, CALL, type, key);
                if (site != null && site.type().equals(type)) {
                    return site;
                }
            }
        } catch (Throwable t) {
            cause = t;
        }
        IllegalStateException failure = new IllegalStateException(
                "jlivepatch: no replacement linked for " + describe(caller, key), cause);
        MethodHandle thrower = MethodHandles.throwException(type.returnType(), IllegalStateException.class);
        thrower = MethodHandles.insertArguments(thrower, 0, failure);
        return new ConstantCallSite(MethodHandles.dropArguments(thrower, 0, type.parameterList()));
    }

    private static String describe(MethodHandles.Lookup caller, String key) {
        return caller.lookupClass().getName() + "." + key;
    }
}
