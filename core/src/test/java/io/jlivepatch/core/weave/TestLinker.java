package io.jlivepatch.core.weave;

import io.jlivepatch.runtime.Dispatch;
import io.jlivepatch.runtime.Linker;
import java.lang.invoke.CallSite;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.MutableCallSite;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link Linker} for tests: each guard is a {@link MutableCallSite} bound to a constant boolean
 * (initially false) that the test can flip, each call links to one replacement handle, adapted to
 * the call site's type. Records every link request.
 *
 * <p>Thread-safe, though the tests use it from one thread.
 */
final class TestLinker implements Linker {

    /** One link request, as {@link Dispatch} passed it. */
    record Request(Class<?> caller, String kind, MethodType type, String key) {}

    private final MethodHandle replacement;
    private final Map<String, MutableCallSite> guards = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    TestLinker(MethodHandle replacement) {
        this.replacement = replacement;
    }

    @Override
    public CallSite link(MethodHandles.Lookup caller, String kind, MethodType type, String key) {
        requests.add(new Request(caller.lookupClass(), kind, type, key));
        if (Dispatch.GUARD.equals(kind)) {
            return guards.computeIfAbsent(key, k -> new MutableCallSite(MethodHandles.constant(boolean.class, false)));
        }
        return new MutableCallSite(replacement.asType(type));
    }

    /** Points the guard of {@code key} at {@code on}, as enable and disable will; before or after it links. */
    void redirect(String key, boolean on) {
        MutableCallSite guard =
                guards.computeIfAbsent(key, k -> new MutableCallSite(MethodHandles.constant(boolean.class, false)));
        guard.setTarget(MethodHandles.constant(boolean.class, on));
        MutableCallSite.syncAll(new MutableCallSite[] {guard});
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }
}
