package io.jlivepatch.core.registry;

import io.jlivepatch.core.event.Messages;
import io.jlivepatch.core.funcstack.LoadedCopies;
import io.jlivepatch.core.model.PatchObject;
import io.jlivepatch.core.registry.CallbackRunner.Callback;
import io.jlivepatch.core.state.LiveState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.function.LongFunction;

/**
 * The loaded copies of target classes as callbacks see them, and the kernel's callback order and
 * pairing rules (livepatch-semantics §2 and §6): which callback runs for which copy on enable,
 * completion, disable, cancel, a class that loads later (module coming) and a class loader that is
 * announced going (module going).
 *
 * <p>A <em>copy</em> (a class name and its defining loader) is one kernel module: each gets its
 * callbacks on its own. Per copy it keeps whether it is <em>alive</em> (the kernel's
 * {@code klp_alive}: false once its {@code prePatch} refused it or its loader went, after which no
 * patch applies to it) and the patches whose {@code prePatch} succeeded for it (the kernel's
 * {@code post_unpatch_enabled}, which also stands for "applied", since a failed {@code prePatch}
 * refuses the copy or cancels the enable). Copies enter the table only when some patch has
 * callbacks for them, or when they are refused or gone; the table holds loaders weakly, so it never
 * keeps a class loader alive.
 *
 * <p>Thread-safety: the table is guarded by its own monitor, so that {@link #isAlive} can answer the
 * transformer without the registry lock. Everything else runs under the registry lock.
 */
final class LoadedObjects {

    private final Messages messages;
    private final LongFunction<LiveState> previousState;
    /** Set once at boot, before any patch; read under the registry lock. */
    private volatile CallbackRunner runner = CallbackRunner.NONE;

    /** Loader -> class name -> copy. Guarded by itself. Loaders are weak keys; {@code null} is the bootstrap loader. */
    private final Map<Object, Map<String, Copy>> copies = new WeakHashMap<>();
    private long nextSeq;
    /** Callbacks running now (nested when a callback loads a patched class). Registry lock. */
    private int running;
    /** Why the last callback failed. Registry lock. */
    private String lastFailure;

    /** One copy of a target class. Guarded by the table's monitor ({@code alive}) and the registry lock. */
    private static final class Copy {
        final long seq;
        boolean alive = true;
        /** Patches whose prePatch succeeded for this copy, until its postUnpatch. */
        final Set<ActivePatch> prePatched = Collections.newSetFromMap(new IdentityHashMap<>());

        Copy(long seq) {
            this.seq = seq;
        }
    }

    /** A copy with its loader, while iterating. */
    private record Found(Object loader, Copy copy) {}

    LoadedObjects(Messages messages, LongFunction<LiveState> previousState) {
        this.messages = messages;
        this.previousState = previousState;
    }

    void bind(CallbackRunner newRunner) {
        this.runner = newRunner;
    }

    /** Whether a callback is running on the thread that holds the registry lock. */
    boolean running() {
        return running > 0;
    }

    /** Why the last callback failed (the exception, as text). */
    String lastFailure() {
        return lastFailure;
    }

    // ---------------------------------------------------------------------------------------------
    // Enable, completion, disable, cancel: the transition patch's own callbacks

    /** Enable: the loaded copies of the patch's objects with callbacks, by class, in one look. */
    Map<String, List<Object>> loadedCopies(ActivePatch entry, LoadedCopies loaded) {
        Set<String> names = new HashSet<>();
        for (PatchObject object : entry.patch.objects()) {
            if (object.hasCallbacks()) {
                names.add(object.className());
            }
        }
        return names.isEmpty() ? Map.of() : runner.loaders(loaded, names);
    }

    /**
     * Enable: {@code prePatch} for each live copy of {@code object} in {@code loaded} (from
     * {@link #loadedCopies}) not yet applied, in the runner's order. On the first refusal it logs
     * the kernel's warning and returns {@code false}; the caller cancels.
     */
    boolean prePatch(ActivePatch entry, PatchObject object, Map<String, List<Object>> loaded) {
        if (!object.hasCallbacks()) {
            return true;
        }
        for (Object loader : loaded.getOrDefault(object.className(), List.of())) {
            Copy copy = register(loader, object.className());
            if (!copy.alive || copy.prePatched.contains(entry)) {
                continue;
            }
            if (!run(Callback.PRE_PATCH, entry, object, loader, LoadState.LIVE)) {
                messages.prePatchFailed(object.className());
                return false;
            }
            copy.prePatched.add(entry);
        }
        return true;
    }

    /** Patching completed: {@code postPatch} for every applied copy, objects in list order. */
    void postPatch(ActivePatch entry) {
        each(entry, Callback.POST_PATCH, false);
    }

    /** Disable: {@code preUnpatch} for every applied copy. */
    void preUnpatch(ActivePatch entry) {
        each(entry, Callback.PRE_UNPATCH, false);
    }

    /** Unpatching completed, or an enable was reversed or cancelled: {@code postUnpatch}, then forget. */
    void postUnpatch(ActivePatch entry) {
        each(entry, Callback.POST_UNPATCH, true);
    }

    private void each(ActivePatch entry, Callback callback, boolean last) {
        for (PatchObject object : entry.patch.objects()) {
            if (!object.hasCallbacks()) {
                continue;
            }
            for (Found found : copiesOf(object.className())) {
                if (found.copy().alive && found.copy().prePatched.contains(entry)) {
                    run(callback, entry, object, found.loader(), LoadState.LIVE);
                    if (last) {
                        found.copy().prePatched.remove(entry);
                    }
                }
            }
        }
    }

    /** The patch left the active list: no callback of it runs again, and what the runner made for it goes. */
    void forget(ActivePatch entry) {
        synchronized (copies) {
            for (Map<String, Copy> byName : copies.values()) {
                for (Copy copy : byName.values()) {
                    copy.prePatched.remove(entry);
                }
            }
        }
        runner.release(entry.patch);
    }

    // ---------------------------------------------------------------------------------------------
    // Module coming and going

    /**
     * A copy of {@code className} is being defined by {@code loader} (the kernel's
     * {@code klp_module_coming}), for {@code patches} in order: "applying", {@code prePatch},
     * {@code postPatch} unless that patch is in transition (then it runs at completion). If a
     * {@code prePatch} refuses, the copy is refused: the patches before are reverted as on going,
     * and {@code false} tells the transformer to leave it unpatched.
     */
    boolean coming(List<ActivePatch> patches, ActivePatch transitionPatch, String className, Object loader) {
        boolean anyCallbacks = false;
        for (ActivePatch entry : patches) {
            PatchObject object = entry.patch.object(className);
            anyCallbacks |= object != null && object.hasCallbacks();
        }
        Copy copy = anyCallbacks ? register(loader, className) : find(loader, className);
        if (copy != null && !copy.alive) {
            return false;
        }
        List<ActivePatch> applied = new ArrayList<>();
        for (ActivePatch entry : patches) {
            PatchObject object = entry.patch.object(className);
            if (object == null) {
                continue;
            }
            messages.applyingToLoading(entry.name(), className);
            if (object.hasCallbacks() && !copy.prePatched.contains(entry)) {
                if (!run(Callback.PRE_PATCH, entry, object, loader, LoadState.COMING)) {
                    messages.prePatchFailed(className);
                    messages.refusingModule(entry.name(), className);
                    kill(copy);
                    runner.release(entry.patch, loader, className);
                    revert(applied, transitionPatch, className, loader, copy, LoadState.COMING);
                    return false;
                }
                copy.prePatched.add(entry);
                if (entry != transitionPatch) {
                    run(Callback.POST_PATCH, entry, object, loader, LoadState.COMING);
                }
            }
            applied.add(entry);
        }
        return true;
    }

    /**
     * {@code loader} is going (the kernel's {@code klp_module_going}), with the classes it defined
     * that active patches name: each live copy is marked gone, then reverted for every patch that
     * names it.
     */
    void going(List<ActivePatch> patches, ActivePatch transitionPatch, Object loader, List<String> classNames) {
        for (String className : classNames) {
            Copy copy = find(loader, className);
            if (copy != null && !copy.alive) {
                continue;
            }
            List<ActivePatch> naming = new ArrayList<>();
            for (ActivePatch entry : patches) {
                if (entry.patch.object(className) != null) {
                    naming.add(entry);
                }
            }
            if (naming.isEmpty()) {
                continue;
            }
            if (copy == null) {
                copy = register(loader, className);
            }
            // klp_alive = false first: nothing applies to it from now on.
            kill(copy);
            revert(naming, transitionPatch, className, loader, copy, LoadState.GOING);
        }
    }

    /**
     * The kernel's {@code klp_cleanup_module_patches_limit}: for each patch in order,
     * {@code preUnpatch} unless it is the transition patch, "reverting", and {@code postUnpatch}
     * where its {@code prePatch} succeeded.
     */
    private void revert(List<ActivePatch> patches, ActivePatch transitionPatch, String className, Object loader,
                        Copy copy, LoadState state) {
        for (ActivePatch entry : patches) {
            PatchObject object = entry.patch.object(className);
            boolean applied = object.hasCallbacks() && copy.prePatched.contains(entry);
            if (applied && entry != transitionPatch) {
                run(Callback.PRE_UNPATCH, entry, object, loader, state);
            }
            messages.reverting(entry.name(), className);
            if (applied) {
                run(Callback.POST_UNPATCH, entry, object, loader, state);
                copy.prePatched.remove(entry);
                runner.release(entry.patch, loader, className);
            }
        }
    }

    /** A copy the engine could not process (busy, or its weave failed): it stays unpatched for good. */
    void refuse(String className, Object loader) {
        kill(register(loader, className));
    }

    /**
     * Whether some copy of {@code className} whose loader is still reachable carries no patch: it
     * was refused (pre-patch, a failed weave or fingerprint check, a busy registry) or announced
     * going. The status's {@code patched} of an object is false then (its copies are not all patched).
     */
    boolean hasUnpatchedCopy(String className) {
        synchronized (copies) {
            for (Map<String, Copy> byName : copies.values()) {
                Copy copy = byName.get(className);
                if (copy != null && !copy.alive) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Whether the copy may be patched: not refused, not gone. Lock-free for the transformer. */
    boolean isAlive(String className, Object loader) {
        synchronized (copies) {
            Copy copy = find(loader, className);
            return copy == null || copy.alive;
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Running one callback, and the table

    private boolean run(Callback callback, ActivePatch entry, PatchObject object, Object loader, LoadState state) {
        CallbackContext context = new CallbackContext(entry.patch, object, loader, state, entry.states, previousState);
        running++;
        try {
            runner.run(callback, context);
            return true;
        } catch (Exception e) {
            lastFailure = String.valueOf(e);
            if (callback != Callback.PRE_PATCH) {
                // The kernel's other callbacks are void: a failure is reported, nothing stops.
                messages.callbackFailed(entry.name(), callback.phrase(), object.className(), lastFailure);
            }
            return false;
        } finally {
            running--;
        }
    }

    private void kill(Copy copy) {
        synchronized (copies) {
            copy.alive = false;
        }
    }

    private Copy register(Object loader, String className) {
        synchronized (copies) {
            return copies.computeIfAbsent(loader, l -> new HashMap<>()).computeIfAbsent(className, c -> new Copy(nextSeq++));
        }
    }

    private Copy find(Object loader, String className) {
        synchronized (copies) {
            Map<String, Copy> byName = copies.get(loader);
            return byName == null ? null : byName.get(className);
        }
    }

    /** The registered copies of {@code className}, oldest first. */
    private List<Found> copiesOf(String className) {
        List<Found> found = new ArrayList<>();
        synchronized (copies) {
            for (Map.Entry<Object, Map<String, Copy>> e : copies.entrySet()) {
                Copy copy = e.getValue().get(className);
                if (copy != null) {
                    found.add(new Found(e.getKey(), copy));
                }
            }
        }
        found.sort(Comparator.comparingLong(f -> f.copy().seq));
        return found;
    }
}
