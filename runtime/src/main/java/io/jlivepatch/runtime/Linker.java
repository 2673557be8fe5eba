package io.jlivepatch.runtime;

import java.lang.invoke.CallSite;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * What the agent plugs into {@link Dispatch}: it creates the call sites of one woven method.
 *
 * <p>The runtime knows nothing of patches; the agent's implementation owns the func stacks and
 * returns {@code MutableCallSite}s it can retarget later. Only JDK types cross this boundary, so
 * the runtime stays loadable in the boot loader without any agent class.
 *
 * <p>Thread-safety: implementations are called concurrently by any application thread that links
 * a woven method for the first time and must be thread-safe.
 */
public interface Linker {

    /**
     * Returns the call site of kind {@code kind} for the woven method {@code key} of
     * {@code caller.lookupClass()}.
     *
     * @param caller full-privilege lookup on the woven class, as the JVM gives it to a bootstrap method
     * @param kind {@link Dispatch#GUARD} or {@link Dispatch#CALL}
     * @param type the call site type ({@code ()Z} for the guard; receiver and arguments for the call)
     * @param key the method's name and JVM descriptor, for example {@code greet(Ljava/lang/String;)V}
     * @throws Throwable anything; {@link Dispatch} turns it into the fail-safe original body
     */
    CallSite link(MethodHandles.Lookup caller, String kind, MethodType type, String key) throws Throwable;
}
