package io.jlivepatch.agent.jvm;

import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Field;
import java.util.Map;
import java.util.Set;

/**
 * Full-privilege lookups on any class, so that a patch's replacement code can be defined as a hidden
 * nestmate of a loaded target class <em>at enable time</em>, before any call reaches it, and a
 * class that will not define fails the enable instead of a call later.
 *
 * <p>{@code privateLookupIn} is not enough: across modules it drops {@code MODULE} and
 * {@code defineHiddenClass} refuses (spike C.1), including for another loader's unnamed module. So
 * the JDK's trusted lookup is used: {@code java.lang.invoke} is opened to the agent's module only
 * (with {@link Instrumentation#redefineModule}, which is what the instrumentation API is for), and
 * {@code Lookup.IMPL_LOOKUP.in(target)} gives a lookup with full privilege on the target. The
 * invokedynamic bootstrap's own caller lookup (spike C.2) is used instead whenever linking happens
 * with one at hand.
 *
 * <p>Thread-safety: the trusted lookup is computed once, lazily, under the class's monitor; lookups
 * are immutable.
 */
final class TrustedLookups {

    private final Instrumentation inst;
    private MethodHandles.Lookup trusted;

    TrustedLookups(Instrumentation inst) {
        this.inst = inst;
    }

    /** A lookup with full privilege on {@code target}. */
    MethodHandles.Lookup in(Class<?> target) throws ReflectiveOperationException {
        return trusted().in(target);
    }

    private synchronized MethodHandles.Lookup trusted() throws ReflectiveOperationException {
        if (trusted == null) {
            Module base = MethodHandles.Lookup.class.getModule();
            Module agent = TrustedLookups.class.getModule();
            if (!base.isOpen("java.lang.invoke", agent)) {
                inst.redefineModule(base, Set.of(), Map.of(), Map.of("java.lang.invoke", Set.of(agent)), Set.of(),
                        Map.of());
            }
            Field field = MethodHandles.Lookup.class.getDeclaredField("IMPL_LOOKUP");
            field.setAccessible(true);
            trusted = (MethodHandles.Lookup) field.get(null);
        }
        return trusted;
    }
}
