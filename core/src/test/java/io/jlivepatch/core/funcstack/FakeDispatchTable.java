package io.jlivepatch.core.funcstack;

import io.jlivepatch.core.model.Patch;
import io.jlivepatch.core.model.PatchObject;
import io.jlivepatch.core.transition.FakeThreadStacks;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@link DispatchTable} that records what the registry does, and lets a test "call" a method as a
 * thread exactly like woven code would: the guard reads the published route (for a switching
 * route it calls {@link ThreadSwitch#enter}), and when it redirects, the redirect reads the route
 * published then (for a switching route, {@link ThreadSwitch#isPatched}).
 */
public final class FakeDispatchTable implements DispatchTable {

    /** One {@link #route} call. */
    public record RouteCall(MethodKey method, Route route) {
    }

    private final FakeThreadStacks threads;
    private final Map<MethodKey, Route> routes = new HashMap<>();
    private final Map<MethodKey, Route> published = new HashMap<>();
    private final List<RouteCall> routeCalls = new ArrayList<>();
    private final Set<String> prepared = new LinkedHashSet<>();
    private final List<String> released = new ArrayList<>();
    private final List<MethodKey> forgotten = new ArrayList<>();
    private final Map<String, String> failPrepare = new LinkedHashMap<>();
    private int syncs;

    public FakeDispatchTable(FakeThreadStacks threads) {
        this.threads = threads;
    }

    /** Makes the next prepare of {@code className} fail with {@code message}. */
    public void failPrepare(String className, String message) {
        failPrepare.put(className, message);
    }

    @Override
    public void prepareAll(Patch patch, List<PatchObject> objects, LoadedCopies loaded) throws PrepareException {
        for (PatchObject object : objects) {
            String message = failPrepare.remove(object.className());
            if (message != null) {
                release(patch);
                throw new PrepareException(message, null);
            }
            prepared.add(patch.name() + "/" + object.className());
        }
    }

    @Override
    public void route(MethodKey method, Route route) {
        routes.put(method, route);
        routeCalls.add(new RouteCall(method, route));
    }

    /** The route last set for {@code method} ({@code Steady(ORIGINAL)} when never set or forgotten). */
    public Route routeOf(MethodKey method) {
        return routes.getOrDefault(method, new Route.Steady(Version.ORIGINAL));
    }

    @Override
    public void sync() {
        published.putAll(routes);
        syncs++;
    }

    @Override
    public void forget(MethodKey method) {
        routes.remove(method);
        published.remove(method);
        forgotten.add(method);
    }

    @Override
    public void release(Patch patch) {
        prepared.removeIf(p -> p.startsWith(patch.name() + "/"));
        released.add(patch.name());
    }

    // ---------------------------------------------------------------------------------------------
    // What the test inspects

    /** The route woven code sees now (the last synced one). */
    public Route published(MethodKey method) {
        return published.getOrDefault(method, new Route.Steady(Version.ORIGINAL));
    }

    public List<RouteCall> routeCalls() {
        return List.copyOf(routeCalls);
    }

    public int syncs() {
        return syncs;
    }

    /** {@code patch/class} of every prepared object not released since. */
    public Set<String> prepared() {
        return Set.copyOf(prepared);
    }

    /** Names of released patches, in order. */
    public List<String> released() {
        return List.copyOf(released);
    }

    public List<MethodKey> forgotten() {
        return List.copyOf(forgotten);
    }

    // ---------------------------------------------------------------------------------------------
    // Calls, as woven code makes them

    /** What the guard of one call decided; {@link #redirect} completes the call. */
    public record Guard(Thread thread, MethodKey method, boolean redirects, Version chosen) {
    }

    /**
     * Thread {@code thread} calls {@code method}: its frame is pushed (it stays until {@link #exit}),
     * and the guard runs. The call is not complete until {@link #redirect}.
     */
    public Guard guard(Thread thread, MethodKey method) {
        threads.push(thread, frame(method));
        threads.runAs(thread);
        Route route = published(method);
        Version chosen;
        if (route instanceof Route.Switching s) {
            chosen = s.threads().enter(thread, method) ? s.patched() : s.unpatched();
        } else {
            chosen = ((Route.Steady) route).version();
        }
        return new Guard(thread, method, !chosen.isOriginal(), chosen);
    }

    /**
     * The rest of the call after {@code guard}: the original body when the guard said so, else the
     * version the redirect's call site selects now.
     *
     * @throws AssertionError when the redirect would select the original body (the real table throws)
     */
    public Version redirect(Guard guard) {
        if (!guard.redirects()) {
            return Version.ORIGINAL;
        }
        threads.runAs(guard.thread());
        Route route = published(guard.method());
        Version version;
        if (route instanceof Route.Switching s) {
            version = s.threads().isPatched(guard.thread()) ? s.patched() : s.unpatched();
        } else {
            version = ((Route.Steady) route).version();
        }
        if (version.isOriginal()) {
            throw new AssertionError("the redirect of " + guard.method() + " on " + guard.thread().getName()
                    + " was taken for its original version");
        }
        return version;
    }

    /** Thread {@code thread} calls {@code method} (guard and redirect); the frame stays until {@link #exit}. */
    public Version call(Thread thread, MethodKey method) {
        return redirect(guard(thread, method));
    }

    /** The innermost call of {@code thread} returns. */
    public void exit(Thread thread) {
        threads.pop(thread);
    }

    /** The frame a call of {@code method} leaves on the stack. */
    public static StackTraceElement frame(MethodKey method) {
        String simple = method.className().substring(method.className().lastIndexOf('.') + 1);
        return new StackTraceElement(method.className(), method.method().name(), simple + ".java", 42);
    }
}
