package io.jlivepatch.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.invoke.CallSite;
import java.lang.invoke.MethodHandleInfo;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.AbstractList;
import org.junit.jupiter.api.Test;

/**
 * {@link Access#member} links what only the host may reach: a super call, and protected members of
 * a superclass in another package ({@code java.util.AbstractList} here), from a caller that is not a
 * subclass (this test class stands for the hidden replacement class).
 */
class AccessTest {

    /** The host: a subclass of a class in another package, with an override to call super of. */
    static final class Host extends AbstractList<String> {
        @Override
        public String get(int index) {
            return "x";
        }

        @Override
        public int size() {
            return 2;
        }

        @Override
        public String toString() {
            return "overridden";
        }
    }

    private static final MethodHandles.Lookup CALLER = MethodHandles.lookup();

    @Test
    void superCall() throws Throwable {
        CallSite site = Access.member(CALLER, "toString", MethodType.methodType(String.class, Host.class),
                MethodHandleInfo.REF_invokeSpecial, java.util.AbstractCollection.class, Host.class);
        assertEquals("[x, x]", (String) site.dynamicInvoker().invokeExact(new Host()));
    }

    @Test
    void protectedFieldOfASuperclassInAnotherPackage() throws Throwable {
        Host host = new Host();
        CallSite put = Access.member(CALLER, "modCount", MethodType.methodType(void.class, Host.class, int.class),
                MethodHandleInfo.REF_putField, Host.class, Host.class);
        put.dynamicInvoker().invokeExact(host, 41);
        CallSite get = Access.member(CALLER, "modCount", MethodType.methodType(int.class, Host.class),
                MethodHandleInfo.REF_getField, Host.class, Host.class);
        assertEquals(41, (int) get.dynamicInvoker().invokeExact(host));
    }

    @Test
    void protectedMethodOfASuperclassInAnotherPackage() throws Throwable {
        Host host = new Host();
        CallSite site = Access.member(CALLER, "removeRange", MethodType.methodType(void.class, AbstractList.class,
                int.class, int.class), MethodHandleInfo.REF_invokeVirtual, AbstractList.class, Host.class);
        // AbstractList.removeRange iterates and calls remove(), which Host does not support
        assertThrows(UnsupportedOperationException.class, () -> site.dynamicInvoker().invoke(host, 0, 1));
    }

    @Test
    void staticAndUnknownKinds() throws Throwable {
        CallSite site = Access.member(CALLER, "valueOf", MethodType.methodType(String.class, int.class),
                MethodHandleInfo.REF_invokeStatic, String.class, Host.class);
        assertEquals("7", (String) site.dynamicInvoker().invokeExact(7));
        assertThrows(IllegalArgumentException.class, () -> Access.member(CALLER, "x", MethodType.methodType(void.class),
                MethodHandleInfo.REF_newInvokeSpecial, Host.class, Host.class));
    }
}
