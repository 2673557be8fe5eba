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
 * thread exactly like woven code would: the guard reads the route published on its site (for a
 * switching route it calls {@link ThreadSwitch#enter}), and when it redirects, the redirect reads
 * the route published on its own site then (for a switching route,
 * {@link Route.Switching#replacementOnly} or {@link ThreadSwitch#isPatched}).
 *
 * <p>{@link #sync} publishes like the agent's table: every redirect site first, then every guard
 * site, one site at a time, in the order the routes were set; a test can run a step after any one
 * site is published ({@link #afterPublishing}).
 */
public final class FakeDispatchTable implements DispatchTable {

    /** One {@link #route} call. */
    public record RouteCall(MethodKey method, Route route) {
    }

    private final FakeThreadStacks threads;
    private final Map<MethodKey, Route> routes = new HashMap<>();
    private final Map<MethodKey, Route> publishedGuards = new HashMap<>();
    private final Map<MethodKey, Route> publishedRedirects = new HashMap<>();
    private final Set<MethodKey> dirty = new LinkedHashSet<>();
    private final Map<String, Runnable> afterPublishing = new HashMap<>();
    private int redispatches;
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
        dirty.add(method);
        routeCalls.add(new RouteCall(method, route));
    }

    /** The route last set for {@code method} ({@code Steady(ORIGINAL)} when never set or forgotten). */
    public Route routeOf(MethodKey method) {
        return routes.getOrDefault(method, new Route.Steady(Version.ORIGINAL));
    }

    @Override
    public void sync() {
        List<MethodKey> methods = new ArrayList<>(dirty);
        dirty.clear();
        for (MethodKey method : methods) {
            publish(Site.REDIRECT, publishedRedirects, method);
        }
        for (MethodKey method : methods) {
            publish(Site.GUARD, publishedGuards, method);
        }
        syncs++;
    }

    private void publish(Site site, Map<MethodKey, Route> sites, MethodKey method) {
        Route route = routes.get(method);
        if (route == null) {
            sites.remove(method);
        } else {
            sites.put(method, route);
        }
        Runnable hook = afterPublishing.remove(site + " " + method);
        if (hook != null) {
            hook.run();
        }
    }

    /** The two call sites of a woven method. */
    public enum Site { GUARD, REDIRECT }

    /** Runs {@code hook} once, inside the next {@link #sync}, right after {@code method}'s {@code site} is published. */
    public void afterPublishing(Site site, MethodKey method, Runnable hook) {
        afterPublishing.put(site + " " + method, hook);
    }

    @Override
    public void forget(MethodKey method) {
        routes.remove(method);
        dirty.remove(method);
        publishedGuards.remove(method);
        publishedRedirects.remove(method);
        forgotten.add(method);
    }

    @Override
    public void release(Patch patch) {
        prepared.removeIf(p -> p.startsWith(patch.name() + "/"));
        released.add(patch.name());
    }

    // ---------------------------------------------------------------------------------------------
    // What the test inspects

    /** The route woven code's guard sees now (the last one published on its guard site). */
    public Route published(MethodKey method) {
        return publishedGuards.getOrDefault(method, new Route.Steady(Version.ORIGINAL));
    }

    /** The route the redirect site of {@code method} has now. */
    public Route publishedRedirect(MethodKey method) {
        return publishedRedirects.getOrDefault(method, new Route.Steady(Version.ORIGINAL));
    }

    /** How many redirects called their method again because their route selected the original body. */
    public int redispatches() {
        return redispatches;
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
     * version the redirect's call site selects now. A redirect whose route selects the original body
     * calls the method again, as the agent's table does (its frame stays while that call runs);
     * this returns what that call ran.
     *
     * @throws AssertionError when the call made again also redirects to the original body (a
     *     redirect that never returns), which the protocol must make impossible
     */
    public Version redirect(Guard guard) {
        return redirect(guard, false);
    }

    private Version redirect(Guard guard, boolean again) {
        if (!guard.redirects()) {
            return Version.ORIGINAL;
        }
        threads.runAs(guard.thread());
        Route route = publishedRedirect(guard.method());
        Version version;
        if (route instanceof Route.Switching s) {
            Version only = s.replacementOnly();
            version = only != null ? only : s.threads().isPatched(guard.thread()) ? s.patched() : s.unpatched();
        } else {
            version = ((Route.Steady) route).version();
        }
        if (!version.isOriginal()) {
            return version;
        }
        if (again) {
            throw new AssertionError("the redirect of " + guard.method() + " on " + guard.thread().getName()
                    + " was taken for its original version twice in a row: the call would never return");
        }
        redispatches++;
        Version ran = redirect(guard(guard.thread(), guard.method()), true);
        exit(guard.thread());
        return ran;
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
