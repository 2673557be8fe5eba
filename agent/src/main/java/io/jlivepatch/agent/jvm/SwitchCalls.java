package io.jlivepatch.agent.jvm;

import io.jlivepatch.core.funcstack.MethodKey;
import io.jlivepatch.core.funcstack.ThreadSwitch;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * What switching call sites call during a transition: the current thread's decision, from the
 * core's {@link ThreadSwitch}. Bound into {@code MethodHandle}s, so woven code in any loader can
 * call it.
 *
 * <p>Stateless and thread-safe.
 */
final class SwitchCalls {

    static final MethodHandle ENTER;
    static final MethodHandle IS_PATCHED;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            ENTER = lookup.findStatic(SwitchCalls.class, "enter",
                    MethodType.methodType(boolean.class, ThreadSwitch.class, MethodKey.class));
            IS_PATCHED = lookup.findStatic(SwitchCalls.class, "isPatched",
                    MethodType.methodType(boolean.class, ThreadSwitch.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private SwitchCalls() {}

    private static boolean enter(ThreadSwitch threads, MethodKey method) {
        return threads.enter(Thread.currentThread(), method);
    }

    private static boolean isPatched(ThreadSwitch threads) {
        return threads.isPatched(Thread.currentThread());
    }
}
