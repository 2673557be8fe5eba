package io.jlivepatch.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * {@link NewClasses}: a call site defines the carried class from the class file in its arguments
 * (in pieces), once per caller class, as a hidden nestmate, and constructs instances.
 */
class NewClassesTest {

    private static final MethodType TYPE = MethodType.methodType(Object.class, String.class);

    private static MethodHandle site(String... pieces) throws ReflectiveOperationException {
        return NewClasses.construct(MethodHandles.lookup(), "new", TYPE, pieces).getTarget();
    }

    @Test
    void definesTheClassOnceAndConstructs() throws Throwable {
        String text = new String(ClassFiles.of(CarriedGreeting.class), StandardCharsets.ISO_8859_1);
        int half = text.length() / 2;
        Object one = site(text.substring(0, half), text.substring(half)).invoke("ann");
        Object two = site(text).invoke("bob");
        assertTrue(one.getClass().isHidden(), one.getClass().getName());
        assertSame(one.getClass(), two.getClass(), "one class per caller and class file");
        assertNotSame(CarriedGreeting.class, one.getClass());
        assertEquals("hello ann", ((Supplier<?>) one).get());
        assertEquals("hello bob", ((Supplier<?>) two).get());
        assertSame(MethodHandles.lookup().lookupClass().getNestHost(), one.getClass().getNestHost(), "a nestmate of the caller");
    }
}
