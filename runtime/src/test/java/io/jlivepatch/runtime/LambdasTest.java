package io.jlivepatch.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Proxy;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * {@link Lambdas}: a body in a hidden class (as a replacement class holds carried lambdas) becomes a
 * working proxy of the functional interface; any other body goes to the JDK's metafactory.
 */
class LambdasTest {

    private static final MethodType FACTORY = MethodType.methodType(Function.class, String.class);
    private static final MethodType ERASED = MethodType.methodType(Object.class, Object.class);
    private static final MethodType DYNAMIC = MethodType.methodType(String.class, Integer.class);
    private static final MethodType BODY = MethodType.methodType(String.class, String.class, Integer.class);

    @SuppressWarnings("unchecked")
    private static Function<Integer, String> make(MethodHandles.Lookup caller, MethodHandle body, boolean alt)
            throws Throwable {
        MethodHandle factory = (alt ? Lambdas.altMetafactory(caller, "apply", FACTORY, ERASED, body, DYNAMIC, 0)
                : Lambdas.metafactory(caller, "apply", FACTORY, ERASED, body, DYNAMIC)).getTarget();
        return (Function<Integer, String>) factory.invoke("#");
    }

    @Test
    void aBodyInAHiddenClassBecomesAProxy() throws Throwable {
        MethodHandles.Lookup hidden = MethodHandles.lookup().defineHiddenClass(ClassFiles.of(LambdaBody.class), true);
        MethodHandle body = hidden.findStatic(hidden.lookupClass(), "label", BODY);
        for (boolean alt : new boolean[] {false, true}) {
            Function<Integer, String> f = make(hidden, body, alt);
            assertTrue(Proxy.isProxyClass(f.getClass()));
            assertEquals("#4", f.apply(4));
            assertEquals("[#5]", f.andThen(s -> "[" + s + "]").apply(5), "default methods run");
            assertTrue(f.equals(f));
            assertNotEquals(f, make(hidden, body, alt));
            assertEquals(System.identityHashCode(f), f.hashCode());
            assertTrue(f.toString().startsWith("java.util.function.Function$$Lambda@"), f.toString());
        }
    }

    @Test
    void anyOtherBodyGoesToTheMetafactory() throws Throwable {
        MethodHandle body = MethodHandles.lookup().findStatic(LambdaBody.class, "label", BODY);
        Function<Integer, String> f = make(MethodHandles.lookup(), body, false);
        assertFalse(Proxy.isProxyClass(f.getClass()));
        assertEquals("#6", f.apply(6));
    }
}
