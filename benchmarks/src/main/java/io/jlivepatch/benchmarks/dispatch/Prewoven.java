package io.jlivepatch.benchmarks.dispatch;

import io.jlivepatch.benchmarks.support.Patches;
import io.jlivepatch.core.model.MethodRef;
import io.jlivepatch.core.weave.Trampoline;
import io.jlivepatch.core.weave.WeaveException;
import java.lang.invoke.MethodHandles;
import java.util.Set;

/**
 * Defines {@link WovenOff} with the engine's trampoline woven into {@code compute}, using core's
 * own {@link Trampoline} (the bytes the agent's transformer would produce).
 *
 * <p>Why not reach that state through the registry? A method carries a trampoline exactly while
 * some func is on its stack, and the only funcs that answer "original" are atomic replace's nops,
 * which are discarded when the transition completes (together with the trampoline). So a
 * steady-state "woven, guard false" method never exists for longer than a transition. Its
 * per-call cost is still the cost every woven call pays to get to the original body (the guard
 * folds to a constant in both cases), so it is measured here with the real prologue and the real
 * linker: the guard's bootstrap asks the agent's dispatch table, which has no route for the method
 * and binds the guard {@code MutableCallSite} to a constant {@code false}, as it does for a nop.
 *
 * <p>Thread-safety: {@link #define} is synchronized and idempotent per JVM.
 */
final class Prewoven {

    private static final String NAME = "io.jlivepatch.benchmarks.dispatch.WovenOff";
    private static boolean defined;

    private Prewoven() {}

    /** Defines the woven {@code WovenOff} in this package's loader, once. */
    static synchronized void define() {
        if (defined) {
            return;
        }
        byte[] original = Patches.classBytes(Prewoven.class.getClassLoader(), NAME);
        try {
            byte[] woven = Trampoline.weave(original, Set.of(new MethodRef("compute", "(I)I")));
            Class<?> c = MethodHandles.lookup().defineClass(woven);
            if (!c.getName().equals(NAME)) {
                throw new IllegalStateException("defined " + c + " instead of " + NAME);
            }
        } catch (WeaveException | IllegalAccessException e) {
            throw new IllegalStateException("cannot define the pre-woven " + NAME + ": " + e, e);
        } catch (LinkageError e) {
            throw new IllegalStateException(NAME + " was loaded before it could be defined woven", e);
        }
        defined = true;
    }
}
