package io.jlivepatch.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.io.ByteArrayOutputStream;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.lang.reflect.Proxy;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * {@link Lambdas}, the one lambda bootstrap of replacement code: a body in a hidden class (a lambda
 * body of a replacement class, hand-written or generated) becomes a working proxy of the functional
 * interface, capturing or not, serializable or not, public interface or not; any other body (a method
 * reference to the JDK, a lambda body of the running class) goes to the JDK's metafactory, also when
 * the caller is hidden, as every lambda site of a replacement class is.
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

    @Test
    void aNonCapturingBodyInAHiddenClassIsOneInstancePerCallSite() throws Throwable {
        MethodHandles.Lookup hidden = hiddenBody();
        MethodHandle body = hidden.findStatic(hidden.lookupClass(), "constant", MethodType.methodType(String.class));
        MethodHandle site = Lambdas.metafactory(hidden, "get", MethodType.methodType(Supplier.class),
                MethodType.methodType(Object.class), body, MethodType.methodType(String.class)).getTarget();
        Supplier<?> first = (Supplier<?>) site.invoke();
        assertTrue(Proxy.isProxyClass(first.getClass()));
        assertEquals("constant", first.get());
        assertSame(first, site.invoke(), "as the JDK does for a non-capturing lambda");
    }

    @Test
    void aSerializableLambdaWithItsBodyInAHiddenClassWorksButDoesNotSerialize() throws Throwable {
        MethodHandles.Lookup hidden = hiddenBody();
        MethodHandle body = hidden.findStatic(hidden.lookupClass(), "label", BODY);
        MethodHandle factory = Lambdas.altMetafactory(hidden, "apply", FACTORY, ERASED, body, DYNAMIC,
                LambdaMetafactory.FLAG_SERIALIZABLE).getTarget();
        @SuppressWarnings("unchecked")
        Function<Integer, String> f = (Function<Integer, String>) factory.invoke("s");
        assertEquals("s1", f.apply(1));
        // the body has no name to serialize by: writing it fails at once, rather than reading it back later
        assertThrows(NotSerializableException.class,
                () -> new ObjectOutputStream(new ByteArrayOutputStream()).writeObject(f));
    }

    @Test
    void aPackagePrivateFunctionalInterfaceWorksThroughTheProxy() throws Throwable {
        MethodHandles.Lookup hidden = hiddenBody();
        MethodHandle body = hidden.findStatic(hidden.lookupClass(), "label", BODY);
        MethodType factoryType = MethodType.methodType(LambdaBody.Labeller.class, String.class);
        MethodType erased = MethodType.methodType(String.class, Integer.class);
        LambdaBody.Labeller f = (LambdaBody.Labeller) Lambdas.metafactory(hidden, "label", factoryType, erased, body,
                erased).getTarget().invoke("p");
        assertEquals("p9", f.label(9));
    }

    @Test
    void aMethodReferenceFromAHiddenCallerToTheJdkGoesToTheMetafactory() throws Throwable {
        MethodHandles.Lookup hidden = hiddenBody();
        MethodHandle upper = hidden.findVirtual(String.class, "toUpperCase", MethodType.methodType(String.class));
        @SuppressWarnings("unchecked")
        Function<String, String> f = (Function<String, String>) Lambdas.metafactory(hidden, "apply",
                MethodType.methodType(Function.class), ERASED, upper, MethodType.methodType(String.class, String.class))
                .getTarget().invoke();
        assertFalse(Proxy.isProxyClass(f.getClass()), "the JDK's own lambda class: " + f.getClass());
        assertEquals("AB", f.apply("ab"));
    }

    @Test
    void aSerializableMethodReferenceFromAHiddenCallerToTheJdkIsMade() throws Throwable {
        // (Function<String, String> & Serializable) String::toUpperCase in a hand-written replacement
        MethodHandles.Lookup hidden = hiddenBody();
        MethodHandle upper = hidden.findVirtual(String.class, "toUpperCase", MethodType.methodType(String.class));
        @SuppressWarnings("unchecked")
        Function<String, String> f = (Function<String, String>) Lambdas.altMetafactory(hidden, "apply",
                MethodType.methodType(Function.class), ERASED, upper, MethodType.methodType(String.class, String.class),
                LambdaMetafactory.FLAG_SERIALIZABLE).getTarget().invoke();
        assertEquals("CD", f.apply("cd"));
    }

    @Test
    void aMethodReferenceFromAHiddenCallerToItsNestHostGoesToTheMetafactory() throws Throwable {
        // A lambda body the running class has (the build points unchanged lambdas there) or a method
        // of the target: the metafactory serves it, though the caller is a hidden nestmate.
        MethodHandles.Lookup host = MethodHandles.privateLookupIn(LambdaBody.class, MethodHandles.lookup());
        MethodHandles.Lookup hidden = host.defineHiddenClass(ClassFiles.of(LambdaBody.class), true,
                MethodHandles.Lookup.ClassOption.NESTMATE);
        MethodHandle running = hidden.findStatic(LambdaBody.class, "label", BODY);
        Function<Integer, String> f = make(hidden, running, true);
        assertFalse(Proxy.isProxyClass(f.getClass()), "the JDK's own lambda class: " + f.getClass());
        assertEquals("#7", f.apply(7));
    }

    private static MethodHandles.Lookup hiddenBody() throws Exception {
        return MethodHandles.lookup().defineHiddenClass(ClassFiles.of(LambdaBody.class), true);
    }
}
