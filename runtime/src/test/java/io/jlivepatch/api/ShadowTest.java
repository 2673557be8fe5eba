package io.jlivepatch.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The shadow variable API, call by call (kernel {@code shadow.c} semantics). */
class ShadowTest {

    /** Ids are global, as in the kernel: each test uses its own. */
    private static final AtomicInteger IDS = new AtomicInteger(0x7000);

    private final long id = IDS.incrementAndGet();
    private final long other = IDS.incrementAndGet();
    private final Object a = new Object();
    private final Object b = new Object();

    @Test
    void getFindsNothingUntilAllocatedAndThenTheConstructedValue() {
        assertNull(Shadow.get(a, id));
        StringBuilder value = Shadow.alloc(a, id, obj -> new StringBuilder("a"));
        assertSame(value, Shadow.get(a, id));
        assertNull(Shadow.get(b, id), "another object");
        assertNull(Shadow.get(a, other), "another id");
    }

    @Test
    void theConstructorGetsTheObject() {
        List<Object> seen = new ArrayList<>();
        Shadow.alloc(a, id, obj -> {
            seen.add(obj);
            return "v";
        });
        assertEquals(List.of(a), seen);
    }

    @Test
    void aDuplicateAllocReturnsNullWithoutCallingTheConstructor() {
        Shadow.alloc(a, id, obj -> "first");
        AtomicInteger calls = new AtomicInteger();
        assertNull(Shadow.alloc(a, id, obj -> {
            calls.incrementAndGet();
            return "second";
        }));
        assertEquals(0, calls.get());
        assertEquals("first", Shadow.get(a, id));
    }

    @Test
    void getOrAllocReturnsTheExistingVariableSilently() {
        String first = Shadow.getOrAlloc(a, id, obj -> "first");
        AtomicInteger calls = new AtomicInteger();
        String again = Shadow.getOrAlloc(a, id, obj -> {
            calls.incrementAndGet();
            return "second";
        });
        assertSame(first, again);
        assertEquals(0, calls.get());
    }

    @Test
    void oneObjectManyIdsAndOneIdManyObjects() {
        Shadow.alloc(a, id, obj -> "a1");
        Shadow.alloc(a, other, obj -> "a2");
        Shadow.alloc(b, id, obj -> "b1");
        assertEquals(List.of("a1", "a2", "b1"), List.of(Shadow.get(a, id), Shadow.get(a, other), Shadow.get(b, id)));
    }

    @Test
    void objectsAreToldApartByIdentityNotEquals() {
        String one = new String("same");
        String two = new String("same");
        Shadow.alloc(one, id, obj -> "one");
        assertNull(Shadow.get(two, id));
        assertEquals("two", Shadow.alloc(two, id, obj -> "two"));
    }

    @Test
    void freeRunsTheDestructorThenTheVariableIsGone() {
        Shadow.alloc(a, id, obj -> "value");
        List<String> destroyed = new ArrayList<>();
        Shadow.free(a, id, (Object obj, String value) -> destroyed.add((obj == a) + " " + value));
        assertEquals(List.of("true value"), destroyed);
        assertNull(Shadow.get(a, id));
        Shadow.free(a, id, (Object obj, String value) -> destroyed.add("again"));
        assertEquals(1, destroyed.size(), "freeing a missing variable does nothing");
        assertEquals("new", Shadow.alloc(a, id, obj -> "new"), "the key can be used again");
    }

    @Test
    void freeAllRemovesOnlyThatIdAndCallsTheDestructorForEach() {
        Shadow.alloc(a, id, obj -> "a1");
        Shadow.alloc(b, id, obj -> "b1");
        Shadow.alloc(a, other, obj -> "a2");
        List<String> destroyed = new ArrayList<>();
        Shadow.freeAll(id, (Object obj, String value) -> destroyed.add(value));
        destroyed.sort(null);
        assertEquals(List.of("a1", "b1"), destroyed);
        assertNull(Shadow.get(a, id));
        assertNull(Shadow.get(b, id));
        assertEquals("a2", Shadow.get(a, other));
        Shadow.freeAll(other, null);
        assertNull(Shadow.get(a, other), "a null destructor is allowed");
    }

    @Test
    void aFailingConstructorCreatesNothingAndPropagates() {
        IllegalStateException failure = new IllegalStateException("no memory");
        assertSame(failure, assertThrows(IllegalStateException.class,
                () -> Shadow.alloc(a, id, obj -> {
                    throw failure;
                })));
        assertNull(Shadow.get(a, id));
        assertEquals("ok", Shadow.getOrAlloc(a, id, obj -> "ok"), "a later allocation constructs");
    }

    @Test
    void aConstructorMustNotReturnNull() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> Shadow.alloc(a, id, obj -> null));
        assertEquals(true, e.getMessage().contains(Long.toHexString(id)), e.getMessage());
        assertNull(Shadow.get(a, id));
    }

    @Test
    void nullObjectsAreRefused() {
        assertThrows(NullPointerException.class, () -> Shadow.get(null, id));
        assertThrows(NullPointerException.class, () -> Shadow.alloc(null, id, obj -> "x"));
    }
}
