package io.jlivepatch.agent.jvm;

import io.jlivepatch.core.funcstack.DispatchTable;
import io.jlivepatch.core.funcstack.LoadedCopies;
import io.jlivepatch.core.funcstack.MethodKey;
import io.jlivepatch.core.funcstack.PrepareException;
import io.jlivepatch.core.funcstack.Route;
import io.jlivepatch.core.funcstack.ThreadSwitch;
import io.jlivepatch.core.funcstack.Version;
import io.jlivepatch.core.model.MethodRef;
import io.jlivepatch.core.model.Patch;
import io.jlivepatch.core.model.PatchFunc;
import io.jlivepatch.core.model.PatchObject;
import io.jlivepatch.core.model.Replacement;
import io.jlivepatch.runtime.Dispatch;
import io.jlivepatch.runtime.Linker;
import java.lang.invoke.CallSite;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.MutableCallSite;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * The {@link DispatchTable} of woven code, and the {@link Linker} the runtime's bootstrap methods
 * call: binds each method's {@link Route} to a pair of {@link MutableCallSite}s (guard and call) in
 * every loaded copy of its class, as architecture §4 describes.
 *
 * <p>Steady routes are constant method handles, which the JIT folds: a patched call costs what a
 * direct call costs. Switching routes call the transition's per-thread decision. Retargeting sets
 * every call site's target first and publishes them with one {@link MutableCallSite#syncAll}, then
 * the guards with another: a thread that passed an old guard then finds a call site that agrees
 * with it (see {@code docs/design.md}, "Consistency model"). A redirect never fails a call: a
 * switching route with one replacement side runs that side without asking the thread, and a route
 * that selects the original body (after force) calls the method again, whose guard then decides.
 *
 * <p>Replacement code is a hidden nestmate of each copy of the target class, defined at
 * {@link #prepare} (enable) through a trusted lookup, or at link time through the bootstrap's own
 * caller lookup for copies that load later. Hidden classes are cached per class copy in a
 * {@link ClassValue}, so the cache never keeps a class loader alive, and dropped on
 * {@link #release}, after which they can be unloaded.
 *
 * <p>Thread-safety: every method synchronizes on this table: the registry's calls (one operation at
 * a time) and the runtime's link requests from application threads.
 */
public final class IndyDispatchTable implements DispatchTable, Linker {

    private static final System.Logger LOG = System.getLogger("io.jlivepatch");

    private final TrustedLookups lookups;
    private final Map<MethodKey, Route> routes = new HashMap<>();
    private final Set<MethodKey> dirty = new LinkedHashSet<>();
    /** The class copies that have call sites, by method. */
    private final Map<MethodKey, WeakHashMap<Class<?>, Boolean>> linked = new HashMap<>();
    /** Every class copy with state here, for release. Values are dummies: nothing refers back. */
    private final WeakHashMap<Class<?>, Boolean> known = new WeakHashMap<>();
    private final ClassValue<CopyState> copies = new ClassValue<>() {
        @Override
        protected CopyState computeValue(Class<?> type) {
            return new CopyState();
        }
    };

    /** The state of one loaded copy of a target class. Guarded by the table. */
    private static final class CopyState {
        /** Full-privilege lookups on hidden replacement classes, by patch (identity) and class name. */
        final Map<Patch, Map<String, MethodHandles.Lookup>> hidden = new IdentityHashMap<>();
        /** Call sites, by woven method key ({@code name + descriptor}). */
        final Map<String, Sites> sites = new HashMap<>();
    }

    /** The two call sites of one woven method in one class copy; the call site links lazily. */
    private static final class Sites {
        MutableCallSite guard;
        MutableCallSite call;
        MethodHandles.Lookup lookup;
    }

    public IndyDispatchTable(java.lang.instrument.Instrumentation inst) {
        this.lookups = new TrustedLookups(inst);
    }

    // ---------------------------------------------------------------------------------------------
    // DispatchTable (the registry's side)

    /** The hidden classes of the objects' copies in the operation's look; all or nothing. */
    @Override
    public synchronized void prepareAll(Patch patch, List<PatchObject> objects, LoadedCopies copies)
            throws PrepareException {
        LoadedClasses.Snapshot classes = LoadedClasses.Snapshot.of(copies);
        try {
            for (PatchObject object : objects) {
                for (Class<?> target : classes.of(object.className())) {
                    for (PatchFunc func : object.funcs()) {
                        if (!func.isNop()) {
                            handle(target, null, patch, func);
                        }
                    }
                }
            }
        } catch (PrepareException e) {
            release(patch);
            throw e;
        }
    }

    @Override
    public synchronized void route(MethodKey method, Route route) {
        routes.put(method, route);
        dirty.add(method);
    }

    /** The route of {@code method} ({@code Steady(ORIGINAL)} when never set or forgotten). */
    private synchronized Route routeOf(MethodKey method) {
        return routes.getOrDefault(method, new Route.Steady(Version.ORIGINAL));
    }

    @Override
    public synchronized void sync() {
        List<MutableCallSite> calls = new ArrayList<>();
        List<MethodHandle> callTargets = new ArrayList<>();
        List<MutableCallSite> guards = new ArrayList<>();
        List<MethodHandle> guardTargets = new ArrayList<>();
        for (MethodKey method : dirty) {
            Route route = routeOf(method);
            WeakHashMap<Class<?>, Boolean> classes = linked.get(method);
            if (classes == null) {
                continue;
            }
            for (Class<?> target : new ArrayList<>(classes.keySet())) {
                Sites sites = copies.get(target).sites.get(method.method().toString());
                if (sites == null) {
                    continue;
                }
                try {
                    if (sites.call != null) {
                        MethodHandle next = callTarget(target, sites, method, route, sites.call.type());
                        calls.add(sites.call);
                        callTargets.add(next);
                    }
                    if (sites.guard != null) {
                        guards.add(sites.guard);
                        guardTargets.add(guardTarget(method, route));
                    }
                } catch (PrepareException e) {
                    // Cannot happen for prepared copies; fail safe to the original body.
                    LOG.log(System.Logger.Level.ERROR, "jlivepatch: " + e.getMessage() + "; " + method
                            + " runs its original code in " + target, e);
                    if (sites.guard != null) {
                        guards.add(sites.guard);
                        guardTargets.add(MethodHandles.constant(boolean.class, false));
                    }
                }
            }
        }
        dirty.clear();
        publish(calls, callTargets);
        publish(guards, guardTargets);
    }

    private static void publish(List<MutableCallSite> sites, List<MethodHandle> targets) {
        if (sites.isEmpty()) {
            return;
        }
        for (int i = 0; i < sites.size(); i++) {
            sites.get(i).setTarget(targets.get(i));
        }
        MutableCallSite.syncAll(sites.toArray(new MutableCallSite[0]));
    }

    @Override
    public synchronized void forget(MethodKey method) {
        routes.remove(method);
        dirty.remove(method);
        WeakHashMap<Class<?>, Boolean> classes = linked.remove(method);
        if (classes != null) {
            for (Class<?> target : classes.keySet()) {
                copies.get(target).sites.remove(method.method().toString());
            }
        }
    }

    @Override
    public synchronized void release(Patch patch) {
        for (Class<?> target : new ArrayList<>(known.keySet())) {
            copies.get(target).hidden.remove(patch);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Linker (the runtime's side)

    @Override
    public synchronized CallSite link(MethodHandles.Lookup caller, String kind, MethodType type, String key)
            throws Throwable {
        Class<?> target = caller.lookupClass();
        MethodKey method = new MethodKey(target.getName(), MethodRef.parse(key));
        CopyState state = copies.get(target);
        known.put(target, Boolean.TRUE);
        Sites sites = state.sites.computeIfAbsent(key, k -> new Sites());
        sites.lookup = caller;
        linked.computeIfAbsent(method, k -> new WeakHashMap<>()).put(target, Boolean.TRUE);
        Route route = routeOf(method);
        if (Dispatch.GUARD.equals(kind)) {
            if (sites.guard == null) {
                // Resolve the replacement code now: if it cannot be defined, the bootstrap falls
                // back to the original body before the guard ever answers true.
                resolveAll(target, caller, route);
                sites.guard = new MutableCallSite(guardTarget(method, route));
            }
            return sites.guard;
        }
        if (sites.call == null) {
            sites.call = new MutableCallSite(callTarget(target, sites, method, route, type));
        }
        return sites.call;
    }

    /**
     * For {@link Warmup}: runs, once, what a first transition runs through this table, on a class
     * that is no patch target: defines {@code bytes} as a hidden nestmate of {@code host} through the
     * trusted lookup, and calls its static {@code ()String} method {@code name} through a guard and
     * a call site shaped as during a transition (a switching route), then published as after it.
     * Touches none of the table's state.
     *
     * @param original the method the switching call site falls back to (same type)
     */
    void warm(Class<?> host, byte[] bytes, String name, MethodHandle original) {
        try {
            MethodHandles.Lookup hidden = lookups.in(host).defineHiddenClass(bytes, false,
                    MethodHandles.Lookup.ClassOption.NESTMATE);
            MethodType type = MethodType.methodType(String.class);
            MethodHandle replacement = hidden.findStatic(hidden.lookupClass(), name, type);
            ThreadSwitch nobody = new ThreadSwitch() {
                @Override
                public boolean enter(Thread current, MethodKey method) {
                    return true;
                }

                @Override
                public boolean isPatched(Thread current) {
                    return true;
                }
            };
            MethodKey method = new MethodKey(host.getName(), new MethodRef(name, type.toMethodDescriptorString()));
            MutableCallSite guard = new MutableCallSite(MethodHandles.constant(boolean.class, false));
            MutableCallSite call = new MutableCallSite(original);
            publish(List.of(call), List.of(MethodHandles.guardWithTest(
                    MethodHandles.dropArguments(MethodHandles.insertArguments(SwitchCalls.IS_PATCHED, 0, nobody), 0,
                            type.parameterList()), replacement, original)));
            publish(List.of(guard), List.of(MethodHandles.guardWithTest(
                    MethodHandles.insertArguments(SwitchCalls.ENTER, 0, nobody, method),
                    MethodHandles.constant(boolean.class, true), MethodHandles.constant(boolean.class, false))));
            boolean patched = (boolean) guard.dynamicInvoker().invokeExact();
            String ignored = (String) call.dynamicInvoker().invokeExact();
            publish(List.of(call, guard), List.of(replacement, MethodHandles.constant(boolean.class, patched)));
            ignored = (String) call.dynamicInvoker().invokeExact();
        } catch (Throwable t) {
            throw new IllegalStateException("warm-up: " + t, t);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Targets

    private static MethodHandle guardTarget(MethodKey method, Route route) {
        if (route instanceof Route.Switching s) {
            MethodHandle decide = MethodHandles.insertArguments(SwitchCalls.ENTER, 0, s.threads(), method);
            return MethodHandles.guardWithTest(decide,
                    MethodHandles.constant(boolean.class, !s.patched().isOriginal()),
                    MethodHandles.constant(boolean.class, !s.unpatched().isOriginal()));
        }
        return MethodHandles.constant(boolean.class, !((Route.Steady) route).version().isOriginal());
    }

    private MethodHandle callTarget(Class<?> target, Sites sites, MethodKey method, Route route, MethodType type)
            throws PrepareException {
        if (route instanceof Route.Switching s) {
            Version only = s.replacementOnly();
            if (only != null) {
                // The guard chose replacement code and this route has one: no question to ask, and
                // none whose answer (after force) could name the original body.
                return versionTarget(target, sites, method, only, type);
            }
            MethodHandle test = MethodHandles.dropArguments(
                    MethodHandles.insertArguments(SwitchCalls.IS_PATCHED, 0, s.threads()), 0, type.parameterList());
            return MethodHandles.guardWithTest(test,
                    versionTarget(target, sites, method, s.patched(), type),
                    versionTarget(target, sites, method, s.unpatched(), type));
        }
        return versionTarget(target, sites, method, ((Route.Steady) route).version(), type);
    }

    private MethodHandle versionTarget(Class<?> target, Sites sites, MethodKey method, Version version,
                                       MethodType type) throws PrepareException {
        if (version instanceof Version.Replaced r) {
            return handle(target, sites.lookup, r.patch(), r.func()).asType(type);
        }
        return again(target, sites, method, type);
    }

    /**
     * The redirect of a route that selects the original body: the guard that led here chose
     * replacement code under an earlier route, and force (or a thread the transition cannot see)
     * let the route change before this redirect ran. The call is made again, without virtual
     * dispatch: its guard reads the route now and runs the original body. A call must never fail
     * because of us (issue 12, hole 3); with every thread at the target by then, the guard does
     * not choose replacement code again.
     */
    private MethodHandle again(Class<?> target, Sites sites, MethodKey method, MethodType type)
            throws PrepareException {
        try {
            MethodHandles.Lookup lookup = sites.lookup != null ? sites.lookup : lookups.in(target);
            MethodType own = MethodType.fromMethodDescriptorString(method.method().descriptor(),
                    target.getClassLoader());
            // The call site passes the receiver first for an instance method, so one more parameter.
            MethodHandle self = own.parameterCount() == type.parameterCount()
                    ? lookup.findStatic(target, method.method().name(), own)
                    : lookup.findSpecial(target, method.method().name(), own, target);
            return self.asType(type);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new PrepareException("cannot call " + method + " again from its redirect in " + target + ": " + e, e);
        }
    }

    private void resolveAll(Class<?> target, MethodHandles.Lookup caller, Route route) throws PrepareException {
        if (route instanceof Route.Switching s) {
            resolve(target, caller, s.unpatched());
            resolve(target, caller, s.patched());
        } else {
            resolve(target, caller, ((Route.Steady) route).version());
        }
    }

    private void resolve(Class<?> target, MethodHandles.Lookup caller, Version version) throws PrepareException {
        if (version instanceof Version.Replaced r) {
            handle(target, caller, r.patch(), r.func());
        }
    }

    /**
     * The replacement of {@code func} in {@code target}, defining {@code patch}'s replacement class
     * as a hidden nestmate of {@code target} the first time.
     */
    private MethodHandle handle(Class<?> target, MethodHandles.Lookup caller, Patch patch, PatchFunc func)
            throws PrepareException {
        Replacement replacement = func.replacement();
        String where = "patch '" + patch.name() + "': cannot prepare " + target.getName() + "." + func.method()
                + " (replacement " + replacement + ")";
        try {
            CopyState state = copies.get(target);
            known.put(target, Boolean.TRUE);
            Map<String, MethodHandles.Lookup> classes = state.hidden.computeIfAbsent(patch, p -> new HashMap<>());
            MethodHandles.Lookup hidden = classes.get(replacement.className());
            if (hidden == null) {
                MethodHandles.Lookup host = caller != null && caller.lookupClass() == target
                        && caller.hasFullPrivilegeAccess() ? caller : lookups.in(target);
                byte[] bytes = NestmateRewrite.renameInto(patch.classBytes(replacement.className()),
                        replacement.className(), target);
                // Not initialized here: a static initializer of patch code would run under this
                // table's monitor and could wait for a class another linking thread initializes.
                // The first call initializes it, outside any lock of ours.
                hidden = host.defineHiddenClass(bytes, false, MethodHandles.Lookup.ClassOption.NESTMATE);
                classes.put(replacement.className(), hidden);
            }
            MethodType type = MethodType.fromMethodDescriptorString(replacement.method().descriptor(),
                    target.getClassLoader());
            return hidden.findStatic(hidden.lookupClass(), replacement.method().name(), type);
        } catch (Throwable t) {
            throw new PrepareException(where + ": " + t, t);
        }
    }
}
