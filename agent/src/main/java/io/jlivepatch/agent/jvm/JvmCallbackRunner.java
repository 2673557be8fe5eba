package io.jlivepatch.agent.jvm;

import io.jlivepatch.api.ObjectCallbacks;
import io.jlivepatch.core.model.Patch;
import io.jlivepatch.core.funcstack.LoadedCopies;
import io.jlivepatch.core.registry.CallbackContext;
import io.jlivepatch.core.registry.CallbackRunner;
import io.jlivepatch.core.registry.Livepatch;
import io.jlivepatch.runtime.LoaderGoing;
import java.lang.instrument.Instrumentation;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@link CallbackRunner} of the JVM: for each patch and each class loader that defines a copy of
 * one of its targets, a {@link PatchClassLoader} (a child of that loader) that loads the callbacks
 * class, one instance per target copy, created with its public no-argument constructor the first
 * time a callback of that copy runs (its {@code prePatch}, always).
 *
 * <p><b>Lifetime.</b> Patch loaders and instances are held strongly until the core releases them
 * (the copy's post-unpatch ran, the copy was refused or announced going, or the patch is gone), so
 * that the kernel's pairing holds: a copy whose {@code prePatch} ran always gets its
 * {@code postUnpatch}. A patch loader keeps its parent, the target's loader, reachable; so a class
 * loader with patched callbacks is collected only after its patches are disabled or replaced, or
 * after {@link io.jlivepatch.api.Unloading#announce} (which {@link #install} wires to
 * {@link io.jlivepatch.core.registry.Modules#going}). Detecting the collection itself would come too late: no callback
 * can run once a loader is gone (see {@code docs/design.md}).
 *
 * <p>Thread-safety: the core calls it under the registry lock; it synchronizes anyway, since
 * {@link ObjectContextView#targetClass} may be asked from any thread.
 */
public final class JvmCallbackRunner implements CallbackRunner {

    private final Instrumentation inst;
    private final LoadedClasses loaded;
    /** Patch (identity) -> target loader (identity, {@code null} for bootstrap) -> what was made there. */
    private final Map<Patch, Map<Object, PerLoader>> made = new IdentityHashMap<>();

    /** One patch's class loader under one target loader, and the callbacks created in it. */
    private static final class PerLoader {
        final PatchClassLoader loader;
        final Map<String, ObjectCallbacks> callbacks = new HashMap<>();
        /** Target copies found so far, weakly: this must not keep them alive beyond the patch loader. */
        final Map<String, WeakReference<Class<?>>> targets = new HashMap<>();

        PerLoader(PatchClassLoader loader) {
            this.loader = loader;
        }
    }

    JvmCallbackRunner(Instrumentation inst) {
        this.inst = inst;
        this.loaded = new LoadedClasses(inst);
    }

    /**
     * Plugs object callbacks and the class-loader going announcement into {@code livepatch}. Called
     * once by the boot step, before the transformer is registered.
     */
    public static void install(Instrumentation inst, Livepatch livepatch) {
        JvmCallbackRunner runner = new JvmCallbackRunner(inst);
        livepatch.bind(runner);
        LoaderGoing.install(loader -> livepatch.modules().going(loader, runner.objectsDefinedBy(loader, livepatch)));
    }

    /** The classes {@code loader} defined that active patches name, by name. */
    private List<String> objectsDefinedBy(ClassLoader loader, Livepatch livepatch) {
        List<String> names = new ArrayList<>();
        for (Class<?> c : inst.getInitiatedClasses(loader)) {
            if (c.getClassLoader() == loader && !c.isHidden() && livepatch.modules().isObject(c.getName())) {
                names.add(c.getName());
            }
        }
        Collections.sort(names);
        return names;
    }

    @Override
    public Map<String, List<Object>> loaders(LoadedCopies copies, Set<String> classNames) {
        LoadedClasses.Snapshot snapshot = LoadedClasses.Snapshot.of(copies);
        Map<String, List<Object>> loaders = new HashMap<>();
        for (String name : classNames) {
            List<Object> list = new ArrayList<>();
            snapshot.of(name).forEach(copy -> list.add(copy.getClassLoader()));
            if (!list.isEmpty()) {
                loaders.put(name, list);
            }
        }
        return loaders;
    }

    @Override
    public void run(Callback callback, CallbackContext context) throws Exception {
        ObjectCallbacks callbacks;
        ObjectContextView view;
        synchronized (this) {
            PerLoader perLoader = made.computeIfAbsent(context.patch(), p -> new IdentityHashMap<>())
                    .computeIfAbsent(context.loader(),
                            l -> new PerLoader(new PatchClassLoader(context.patch(), (ClassLoader) l)));
            callbacks = instance(perLoader, context);
            view = new ObjectContextView(context, () -> target(perLoader, context));
        }
        try {
            switch (callback) {
                case PRE_PATCH -> callbacks.prePatch(view);
                case POST_PATCH -> callbacks.postPatch(view);
                case PRE_UNPATCH -> callbacks.preUnpatch(view);
                case POST_UNPATCH -> callbacks.postUnpatch(view);
                default -> throw new IllegalArgumentException(callback.toString());
            }
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Error e) {
            // A LinkageError, say, from patch code touching a class that is still being defined.
            throw new Exception(e.toString(), e);
        }
    }

    /** The callbacks instance for the copy, created the first time. Under the monitor. */
    private static ObjectCallbacks instance(PerLoader perLoader, CallbackContext context) throws Exception {
        String className = context.object().className();
        ObjectCallbacks callbacks = perLoader.callbacks.get(className);
        if (callbacks == null) {
            String name = context.object().callbacks();
            try {
                Class<?> type = Class.forName(name, true, perLoader.loader);
                callbacks = (ObjectCallbacks) type.getConstructor().newInstance();
            } catch (java.lang.reflect.InvocationTargetException e) {
                throw new Exception("cannot create callbacks " + name + ": " + e.getCause(), e.getCause());
            } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
                throw new Exception("cannot create callbacks " + name + ": " + e, e);
            }
            perLoader.callbacks.put(className, callbacks);
        }
        return callbacks;
    }

    /** The loaded copy of the context's class in its loader, found once and then remembered weakly. */
    private synchronized Class<?> target(PerLoader perLoader, CallbackContext context) {
        String className = context.object().className();
        WeakReference<Class<?>> known = perLoader.targets.get(className);
        Class<?> target = known == null ? null : known.get();
        if (target == null) {
            for (Class<?> copy : loaded.copies(className)) {
                if (copy.getClassLoader() == context.loader()) {
                    target = copy;
                    perLoader.targets.put(className, new WeakReference<>(copy));
                }
            }
        }
        return target;
    }

    @Override
    public synchronized void release(Patch patch, Object loader, String className) {
        Map<Object, PerLoader> byLoader = made.get(patch);
        PerLoader perLoader = byLoader == null ? null : byLoader.get(loader);
        if (perLoader == null) {
            return;
        }
        perLoader.callbacks.remove(className);
        perLoader.targets.remove(className);
        if (perLoader.callbacks.isEmpty()) {
            byLoader.remove(loader);
        }
        if (byLoader.isEmpty()) {
            made.remove(patch);
        }
    }

    @Override
    public synchronized void release(Patch patch) {
        made.remove(patch);
    }
}
