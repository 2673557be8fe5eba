package io.jlivepatch.core.registry;

import io.jlivepatch.core.event.LivepatchListener;
import io.jlivepatch.core.event.Messages;
import io.jlivepatch.core.funcstack.DispatchTable;
import io.jlivepatch.core.funcstack.FuncStack;
import io.jlivepatch.core.funcstack.FuncStacks;
import io.jlivepatch.core.funcstack.MethodKey;
import io.jlivepatch.core.funcstack.PrepareException;
import io.jlivepatch.core.funcstack.Route;
import io.jlivepatch.core.funcstack.StackedFunc;
import io.jlivepatch.core.funcstack.Version;
import io.jlivepatch.core.model.MethodRef;
import io.jlivepatch.core.model.Patch;
import io.jlivepatch.core.model.PatchFunc;
import io.jlivepatch.core.model.PatchObject;
import io.jlivepatch.core.state.LiveState;
import io.jlivepatch.core.state.SystemStates;
import io.jlivepatch.core.transition.PatchState;
import io.jlivepatch.core.transition.Scheduler;
import io.jlivepatch.core.transition.ThreadStacks;
import io.jlivepatch.core.transition.Transition;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The livepatch engine's facade (the kernel's {@code core.c}): enable, disable, force, the ordered
 * list of active patches, nop generation for atomic replace, classes that load after a patch and
 * class loaders that go, and when object callbacks run ({@link LoadedObjects} keeps their order
 * and pairing rules; the {@link CallbackRunner} port runs them).
 *
 * <p><b>Locking.</b> One lock ({@code lock}, the kernel's {@code klp_mutex}) guards every field but
 * {@code woven} and {@code active}: operations, transition retries and status queries take it. An
 * operation that cannot get it within {@link #BUSY_WAIT_MILLIS} is refused as busy, and so is any
 * enable or disable while a transition is in progress. Two paths run without it, as in the kernel:
 * woven code (through the {@link DispatchTable} and the {@link Transition}), and the transformer's
 * queries, which read the volatile snapshots {@code woven}, {@code active} and {@code objectNames},
 * published under the lock. A class that loads later takes the lock only if an active patch has
 * callbacks for it, and waits at most {@link #CLASS_LOADING_WAIT_MILLIS} for it (see
 * {@link #classComing}).
 * Callbacks run under the lock; operations they start are refused as busy.
 *
 * <p>Thread-safety: thread-safe.
 */
public final class Livepatch {

    /** How long an operation waits for another one to finish before it is refused as busy. */
    public static final long BUSY_WAIT_MILLIS = 2_000;
    /**
     * How long a loading class named by a patch waits for the operation in progress (its callbacks
     * must run under the lock). Longer than {@link #BUSY_WAIT_MILLIS}, since the alternative is to
     * leave the class unpatched; finite, since the operation may be a callback waiting for this very
     * class to load on another thread.
     */
    public static final long CLASS_LOADING_WAIT_MILLIS = 10_000;
    private static final long FIRST_RETRY_MILLIS = 1;
    private static final long MAX_RETRY_MILLIS = 250;

    private final ClassRedefiner redefiner;
    private final DispatchTable dispatch;
    private final ThreadStacks threads;
    private final Scheduler scheduler;
    private final Messages messages;
    private final ReentrantLock lock = new ReentrantLock();
    private final LoadedObjects copies;
    /** Whether the one-time warning of a previous state asked for outside a transition was given. */
    private boolean warnedPreviousState;

    private final FuncStacks stacks = new FuncStacks();
    private final List<ActivePatch> patches = new ArrayList<>();
    private Transition transition;
    private ActivePatch transitionPatch;
    private long retryMillis;
    private int passes;
    /**
     * The one scheduled retry the driver waits for (the kernel's single delayed work): a scheduled
     * retry runs a pass only while it is still this ticket, so rescheduling (a reverse) replaces
     * the pending retry instead of starting a second chain of retries.
     */
    private Object pendingRetry;

    /** Methods carrying a trampoline, by class. Written under the lock, read by the transformer. */
    private volatile Map<String, Set<MethodRef>> woven = Map.of();
    /**
     * While an operation retransforms classes: the trampolines classes had before it, so that the
     * transformer can keep them on a class whose new weave fails. Written under the lock.
     */
    private volatile Map<String, Set<MethodRef>> fallback = Map.of();
    /** The active patches, in order. Written under the lock, read by class-load messages. */
    private volatile List<Patch> active = List.of();
    /** The classes the active patches name (funcs or callbacks). Written under the lock, read by the transformer. */
    private volatile Set<String> objectNames = Set.of();
    /** The classes an active patch has callbacks for. Written under the lock, read by class loading. */
    private volatile Set<String> callbackNames = Set.of();
    /** The fingerprinted funcs of the active patches. Written under the lock, read by the transformer. */
    private volatile Fingerprinted activeFingerprints = Fingerprinted.NONE;
    /**
     * While an enable retransforms classes: the fingerprinted funcs of the patch being enabled.
     * Written under the lock, read by the transformer.
     */
    private volatile Fingerprinted enablingFingerprints = Fingerprinted.NONE;
    /** Misfits of the patch being enabled, recorded by {@link #misfit} from any thread during its weave. */
    private final List<String> misfits = new CopyOnWriteArrayList<>();

    public Livepatch(ClassRedefiner redefiner, DispatchTable dispatch, ThreadStacks threads, Scheduler scheduler,
                     LivepatchListener listener) {
        this.redefiner = redefiner;
        this.dispatch = dispatch;
        this.threads = threads;
        this.scheduler = scheduler;
        this.messages = new Messages(listener);
        this.copies = new LoadedObjects(messages, this::previousState);
    }

    /**
     * Plugs in the JVM side of object callbacks. Without it, every object behaves as if no copy of
     * its class had callbacks to run. Called once, before any patch is enabled.
     */
    public void bind(CallbackRunner runner) {
        copies.bind(runner);
    }

    // ---------------------------------------------------------------------------------------------
    // Lock-free queries for the transformer

    /** The methods of {@code className} that must carry a trampoline now. Lock-free. */
    public Set<MethodRef> wovenMethods(String className) {
        return woven.getOrDefault(className, Set.of());
    }

    /**
     * The trampolines {@code className} had before the retransformation in progress, for a
     * transformer whose weave of {@link #wovenMethods} failed: keeping them leaves the class as it
     * was. Lock-free.
     */
    public Set<MethodRef> fallbackMethods(String className) {
        return fallback.getOrDefault(className, Set.of());
    }

    /** Whether an active patch names {@code className} (with funcs or callbacks). Lock-free. */
    public boolean isObject(String className) {
        return objectNames.contains(className);
    }

    /**
     * Checks a copy of {@code className}, given by the bytes it was originally loaded from, against
     * the fingerprints of the patch being enabled and of the active patches (what architecture §6
     * calls verification against the running code). The transformer calls it before weaving a
     * class with fingerprinted funcs, at load and at retransformation. Lock-free.
     *
     * <p>A misfit of the patch being enabled is also recorded here, so that the enable fails with
     * its message whichever thread met it (a copy may be loading concurrently).
     *
     * @return {@code null} when the copy is what every patch expects; otherwise the first misfit,
     *     those of the enabling patch first. The transformer then keeps the class as it was (a
     *     failing enable) or leaves the copy unpatched (an active patch that does not fit a copy
     *     loaded later)
     */
    public Misfit misfit(String className, byte[] originalBytes) {
        Fingerprinted enabling = enablingFingerprints;
        String message = enabling.misfit(className, originalBytes);
        if (message != null) {
            misfits.add(message);
            return new Misfit(message, true);
        }
        message = activeFingerprints.misfit(className, originalBytes);
        return message == null ? null : new Misfit(message, false);
    }

    /** Whether {@link #misfit} has anything to check for {@code className}. Lock-free. */
    public boolean isFingerprinted(String className) {
        return enablingFingerprints.covers(className) || activeFingerprints.covers(className);
    }

    /**
     * Whether the copy of {@code className} that {@code loader} defines may carry patches: not
     * refused by a pre-patch callback, not gone. A retransformation leaves other copies unpatched.
     * Lock-free.
     */
    public boolean isAlive(String className, Object loader) {
        return copies.isAlive(className, loader);
    }

    /**
     * A copy of {@code className} is being defined by {@code loader} and its trampolines are woven
     * (the kernel's {@code klp_module_coming}): for each active patch that names it, in order, logs
     * "applying" and runs its pre-patch and post-patch callbacks (post-patch is deferred to the
     * completion of a transition in progress).
     *
     * <p>Returns {@code false} when the copy must load unpatched: a pre-patch callback refused it
     * (the patches applied before are reverted, as on going; the kernel refuses the module, which a
     * transformer cannot do), or the lock stayed busy for {@link #CLASS_LOADING_WAIT_MILLIS}. Either
     * way no patch applies to that copy again.
     *
     * @param loader the defining loader, an opaque identity held weakly ({@code null} for the bootstrap loader)
     */
    public boolean classComing(String className, Object loader) {
        if (!isObject(className)) {
            return true;
        }
        if (!callbackNames.contains(className)) {
            // No callback to run, nothing can refuse it: no lock, as for any patch without
            // callbacks, so that loading a patched class never waits for an operation.
            for (Patch patch : active) {
                if (patch.object(className) != null) {
                    messages.applyingToLoading(patch.name(), className);
                }
            }
            return true;
        }
        boolean locked;
        try {
            locked = lock.tryLock(CLASS_LOADING_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            locked = false;
        }
        if (!locked) {
            copies.refuse(className, loader);
            messages.classLoadingBusy(className);
            return false;
        }
        try {
            return copies.coming(patches, transitionPatch, className, loader);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Reports that the copy of {@code className} that {@code loader} defines loaded but its
     * trampolines could not be woven: it stays unpatched for good, and no callback runs for it.
     * Lock-free.
     */
    public void classLoadFailed(String className, Object loader, String reason) {
        copies.refuse(className, loader);
        for (Patch patch : active) {
            if (patch.object(className) != null) {
                messages.failedToApplyToLoading(patch.name(), className, reason);
            }
        }
    }

    /**
     * Module going for a class loader (the kernel's {@code klp_module_going}): {@code classNames}
     * are the classes it defined that active patches name, in the order to process them. For each,
     * every patch that names it runs its pre-unpatch callback (unless it is in transition), logs
     * "reverting" and runs its post-unpatch callback; then no patch applies to those copies again.
     * Their code is not rerouted: it is going away. Waits for an operation in progress.
     *
     * @throws IllegalStateException when called from a callback
     */
    public void loaderGoing(Object loader, List<String> classNames) {
        lock.lock();
        try {
            if (copies.running()) {
                throw new IllegalStateException("jlivepatch: a class loader cannot be announced going from a patch callback");
            }
            copies.going(patches, transitionPatch, loader, classNames);
        } finally {
            lock.unlock();
        }
    }

    /** {@code klp_get_prev_state}: valid only during a transition; otherwise warns once, {@code null}. */
    private LiveState previousState(long id) {
        lock.lock();
        try {
            if (transitionPatch == null) {
                if (!warnedPreviousState) {
                    warnedPreviousState = true;
                    messages.previousStateOutsideTransition(id);
                }
                return null;
            }
            LiveState found = null;
            for (ActivePatch entry : patches) {
                if (entry == transitionPatch) {
                    break;
                }
                LiveState state = entry.states.get(id);
                if (state != null) {
                    found = state;
                }
            }
            return found;
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Operations

    /**
     * Enables {@code patch} (the kernel's {@code klp_enable_patch}): checks it, makes its code ready,
     * weaves trampolines where needed (one retransformation), pushes its funcs and starts the
     * patching transition, which completes now if no thread is in a transition method, else in the
     * background.
     *
     * @throws LivepatchException when refused or failed; nothing has changed then
     */
    public void enable(Patch patch) {
        lockOrBusy("cannot enable patch '" + patch.name() + "'");
        try {
            requireNoTransition("cannot enable patch '" + patch.name() + "'");
            if (find(patch.name()) != null) {
                throw refuse("patch '" + patch.name() + "' is already enabled");
            }
            TargetPolicy.check(patch);
            if (!SystemStates.isCompatible(patch, activePatches())) {
                messages.incompatible(patch.name());
                throw LivepatchException.refused("patch '" + patch.name()
                        + "' is not compatible with the already installed livepatches (system states)");
            }
            Patch withNops = patch.replace() ? addNops(patch) : patch;
            List<PatchObject> loaded = prepare(withNops);
            weave(withNops, loaded);

            messages.enabling(patch.name());
            ActivePatch entry = new ActivePatch(withNops);
            patches.add(entry);
            // Published now, so that a class loading from here on waits for this enable and then
            // gets this patch's callbacks too.
            publish();
            init(entry, true);
            // klp_enable_patch: per object in list order, pre-patch for its loaded copies, then
            // patch it. A refusal cancels everything done so far.
            List<PatchObject> pushed = new ArrayList<>();
            Map<String, List<Object>> loadedCopies = copies.loadedCopies(entry);
            for (PatchObject object : withNops.objects()) {
                if (!copies.prePatch(entry, object, loadedCopies)) {
                    cancel(entry, pushed);
                    throw LivepatchException.refused("patch '" + patch.name() + "': pre-patch callback failed for object '"
                            + object.className() + "': " + copies.lastFailure());
                }
                stacks.push(withNops, object);
                pushed.add(object);
            }
            entry.enabled = true;
            begin(entry, PatchState.PATCHED, entry.methods());
        } finally {
            publish();
            lock.unlock();
        }
    }

    /**
     * Disables the patch named {@code name} (the kernel's {@code enabled_store} with 0): starts its
     * unpatching transition, or reverses its patching transition if it is the one in progress.
     *
     * @throws LivepatchException when there is no such patch, it is already being disabled, or
     *         another transition is in progress
     */
    public void disable(String name) {
        lockOrBusy("cannot disable patch '" + name + "'");
        try {
            ActivePatch entry = find(name);
            if (entry == null) {
                throw refuse("no enabled patch named '" + name + "'");
            }
            if (!entry.enabled) {
                // The kernel's EINVAL for writing the value 'enabled' already has.
                throw refuse("patch '" + name + "' is already being disabled");
            }
            if (transitionPatch == entry) {
                reverse();
                return;
            }
            requireNoTransition("cannot disable patch '" + name + "'");
            entry.enabled = false;
            init(entry, false);
            copies.preUnpatch(entry);
            begin(entry, PatchState.UNPATCHED, entry.methods());
        } finally {
            publish();
            lock.unlock();
        }
    }

    /**
     * Reverses the transition of patch {@code name}, whichever way it is going (the kernel's write
     * of the opposite value to {@code enabled}): a patching transition turns into unpatching, an
     * unpatching one back into patching. This is what {@code jlivepatch load} does on a timeout.
     *
     * @throws LivepatchException when {@code name} is not the patch in transition
     */
    public void reverse(String name) {
        lockOrBusy("cannot reverse patch '" + name + "'");
        try {
            if (transitionPatch == null || !transitionPatch.name().equals(name)) {
                throw refuse("patch '" + name + "' is not in transition");
            }
            reverse();
        } finally {
            publish();
            lock.unlock();
        }
    }

    /**
     * Forces the transition of patch {@code name} (the kernel's {@code klp_force_transition}): every
     * remaining thread switches without a stack check. Threads still running old code may then mix
     * versions; see the README.
     *
     * @throws LivepatchException when {@code name} is not the patch in transition
     */
    public void force(String name) {
        lockOrBusy("cannot force patch '" + name + "'");
        try {
            if (transitionPatch == null || !transitionPatch.name().equals(name)) {
                throw refuse("patch '" + name + "' is not in transition");
            }
            messages.forcing();
            transition.force();
            if (transition.target() == PatchState.UNPATCHED) {
                transitionPatch.forced = true;
            } else if (transitionPatch.patch.replace()) {
                for (ActivePatch other : patches) {
                    if (other != transitionPatch) {
                        other.forced = true;
                    }
                }
            }
            tryComplete();
        } finally {
            publish();
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Status

    /** Whether a transition is in progress. */
    public boolean isInTransition() {
        lock.lock();
        try {
            return transition != null;
        } finally {
            lock.unlock();
        }
    }

    /** The transition in progress, or {@code null}. */
    public TransitionStatus transition() {
        lock.lock();
        try {
            if (transition == null) {
                return null;
            }
            return new TransitionStatus(transition.patch(), transition.target(), transition.remaining(),
                    transition.blockers());
        } finally {
            lock.unlock();
        }
    }

    /** The active patches in stack order (the sysfs directory). */
    public List<PatchStatus> patches() {
        lock.lock();
        try {
            List<PatchStatus> result = new ArrayList<>();
            Set<String> names = new java.util.HashSet<>();
            for (ActivePatch entry : patches) {
                entry.objects().forEach(o -> names.add(o.className()));
            }
            // One look at the loaded classes for the whole listing: it costs milliseconds.
            Set<String> loadedNames = loaded(names);
            int order = 1;
            for (ActivePatch entry : patches) {
                List<PatchStatus.ObjectStatus> objects = new ArrayList<>();
                for (PatchObject object : entry.objects()) {
                    boolean loaded = loadedNames.contains(object.className());
                    List<PatchStatus.FuncStatus> funcs = new ArrayList<>();
                    for (PatchFunc func : object.funcs()) {
                        funcs.add(new PatchStatus.FuncStatus(func.method().name(), func.method().descriptor(),
                                func.isNop()));
                    }
                    // As the kernel's sysfs: patched only if the copies really carry the patch.
                    boolean patched = loaded && !copies.hasUnpatchedCopy(object.className());
                    objects.add(new PatchStatus.ObjectStatus(object.className(), loaded, patched, funcs));
                }
                result.add(new PatchStatus(entry.name(), entry.enabled, entry == transitionPatch,
                        entry.patch.replace(), entry.forced, order++, entry.patch.sha256(), objects));
            }
            return result;
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Enable steps

    /**
     * Atomic replace's nops (the kernel's {@code klp_add_nops}): one per method only older patches
     * patch. An older replace patch counts with the funcs it still has: its discarded nops are gone.
     */
    private Patch addNops(Patch patch) {
        Map<String, List<PatchFunc>> extra = new java.util.LinkedHashMap<>();
        for (ActivePatch old : patches) {
            for (PatchObject object : old.objects()) {
                PatchObject mine = patch.object(object.className());
                for (PatchFunc func : object.funcs()) {
                    if (mine != null && mine.func(func.method()) != null) {
                        continue;
                    }
                    List<PatchFunc> nops = extra.computeIfAbsent(object.className(), k -> new ArrayList<>());
                    if (nops.stream().noneMatch(n -> n.method().equals(func.method()))) {
                        nops.add(PatchFunc.nop(func.method()));
                    }
                }
                extra.computeIfAbsent(object.className(), k -> new ArrayList<>());
            }
        }
        if (extra.values().stream().allMatch(List::isEmpty)) {
            return patch;
        }
        List<PatchObject> objects = new ArrayList<>();
        for (PatchObject object : patch.objects()) {
            List<PatchFunc> funcs = new ArrayList<>(object.funcs());
            funcs.addAll(extra.getOrDefault(object.className(), List.of()));
            objects.add(object.withFuncs(funcs));
        }
        extra.forEach((className, nops) -> {
            if (patch.object(className) == null && !nops.isEmpty()) {
                objects.add(new PatchObject(className, nops, true));
            }
        });
        return patch.withObjects(objects);
    }

    /** Makes the replacement code of every loaded object ready; all or nothing. */
    private List<PatchObject> prepare(Patch patch) {
        Set<String> names = new java.util.HashSet<>();
        patch.objects().forEach(o -> names.add(o.className()));
        Set<String> loadedNames = loaded(names);
        List<PatchObject> loaded = new ArrayList<>();
        for (PatchObject object : patch.objects()) {
            if (loadedNames.contains(object.className())) {
                loaded.add(object);
            }
        }
        try {
            dispatch.prepareAll(patch, loaded);
        } catch (PrepareException e) {
            dispatch.release(patch);
            messages.error(e.getMessage());
            throw LivepatchException.refused(e.getMessage(), e);
        }
        return loaded;
    }

    /**
     * Adds trampolines for the patch's methods that have none yet, in one retransformation, which
     * also includes every loaded class the patch has fingerprinted funcs for: the transformer
     * checks each copy's original bytes against them (already woven classes too). On failure every
     * class goes back to the trampolines it had, and the error names the cause; a misfit is
     * reported as such, naming the patch and method.
     */
    private void weave(Patch patch, List<PatchObject> loaded) {
        Map<String, Set<MethodRef>> before = woven;
        Map<String, Set<MethodRef>> after = new HashMap<>(before);
        Set<String> grown = new LinkedHashSet<>();
        for (PatchObject object : patch.objects()) {
            Set<MethodRef> methods = new LinkedHashSet<>(before.getOrDefault(object.className(), Set.of()));
            for (PatchFunc func : object.funcs()) {
                methods.add(func.method());
            }
            if (!methods.equals(before.getOrDefault(object.className(), Set.of()))) {
                after.put(object.className(), Set.copyOf(methods));
                if (loaded.contains(object)) {
                    grown.add(object.className());
                }
            }
        }
        Fingerprinted checks = Fingerprinted.of(List.of(patch));
        Set<String> retransformed = new LinkedHashSet<>(grown);
        for (PatchObject object : loaded) {
            if (checks.covers(object.className())) {
                retransformed.add(object.className());
            }
        }
        misfits.clear();
        enablingFingerprints = checks;
        fallback = before;
        woven = Map.copyOf(after);
        try {
            if (!retransformed.isEmpty()) {
                redefiner.redefine(retransformed);
            }
            if (!misfits.isEmpty()) {
                // recorded outside the retransformation (a copy that loaded meanwhile): same verdict
                throw new RedefineException(firstMisfit(), null);
            }
        } catch (RedefineException e) {
            enablingFingerprints = Fingerprinted.NONE;
            String misfit = firstMisfit();
            woven = before;
            restore(grown);
            fallback = Map.of();
            dispatch.release(patch);
            String message = misfit != null ? misfit : "patch '" + patch.name() + "': " + e.getMessage();
            messages.error(message);
            throw LivepatchException.refused(message, e);
        }
        fallback = Map.of();
    }

    /** The first recorded misfit, in text order so that the report does not depend on threads; or {@code null}. */
    private String firstMisfit() {
        return misfits.stream().sorted().findFirst().orElse(null);
    }

    /** Re-applies the current trampolines to classes after a failed or partial retransformation. */
    private void restore(Set<String> classNames) {
        try {
            redefiner.redefine(classNames);
        } catch (RedefineException again) {
            messages.error("cannot restore " + classNames + ": " + again.getMessage());
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Transitions

    /**
     * The kernel's {@code klp_init_transition} as far as callbacks see it: from here on
     * {@code entry} is the transition patch (so callbacks get previous states), before its pre-patch
     * or pre-unpatch callbacks run.
     */
    private void init(ActivePatch entry, boolean patching) {
        messages.initializing(entry.name(), patching);
        transitionPatch = entry;
    }

    /**
     * The enable or disable after the callbacks: the transition of {@code entry} to {@code target}
     * over {@code methods}, routed and started ({@link #init} ran).
     */
    private void begin(ActivePatch entry, PatchState target, Set<MethodKey> methods) {
        boolean patching = target == PatchState.PATCHED;
        transition = new Transition(entry.name(), target, methods, threads);
        passes = 0;
        retryMillis = FIRST_RETRY_MILLIS;
        for (MethodKey method : methods) {
            FuncStack stack = stacks.stack(method);
            StackedFunc mine = stack == null ? null : stack.entryOf(entry.patch);
            // Only the top entry's transition matters (klp_ftrace_handler): where a newer patch is on
            // top, this transition does not change what the method runs.
            if (mine != null && stack.top() == mine) {
                StackedFunc below = stack.below(entry.patch);
                Version unpatched = below == null ? Version.ORIGINAL : below.version();
                dispatch.route(method, new Route.Switching(unpatched, mine.version(), transition));
            }
        }
        dispatch.sync();
        messages.starting(entry.name(), patching);
        transition.start();
        tryComplete();
    }

    /** The kernel's {@code klp_reverse_transition}, under the lock. */
    private void reverse() {
        boolean fromPatching = transition.target() == PatchState.PATCHED;
        messages.reversing(transitionPatch.name(), fromPatching);
        transition.reverse();
        transitionPatch.enabled = !transitionPatch.enabled;
        messages.starting(transitionPatch.name(), !fromPatching);
        retryMillis = FIRST_RETRY_MILLIS;
        scheduleRetry();
    }

    /** One pass; completes, or schedules the next pass with backoff. Under the lock. */
    private void tryComplete() {
        passes++;
        // Before the first steady route goes out, the transition is told: threads without an
        // entry may from then on enter a target version through a steady guard, so their first
        // visits must take the target (issue 12, hole 2). An entry created on the initial side
        // just before (nested in a method this transition does not route) waits for a next pass.
        if (transition.tryComplete() && transition.completing()) {
            complete();
            return;
        }
        if (Integer.bitCount(passes) == 1) {
            // Rate-limited: passes 1, 2, 4, 8... report their blockers.
            transition.blockers().forEach(b -> messages.blocked(b.thread(), b.frame()));
        }
        scheduleRetry();
    }

    /** Schedules the next pass, replacing any pending one, with backoff. Under the lock. */
    private void scheduleRetry() {
        Object ticket = new Object();
        pendingRetry = ticket;
        scheduler.schedule(() -> retry(ticket), retryMillis);
        retryMillis = Math.min(retryMillis * 2, MAX_RETRY_MILLIS);
    }

    private void retry(Object ticket) {
        lock.lock();
        try {
            if (transition != null && pendingRetry == ticket) {
                pendingRetry = null;
                tryComplete();
            }
        } finally {
            publish();
            lock.unlock();
        }
    }

    /** The kernel's {@code klp_complete_transition}, under the lock, in its order. */
    private void complete() {
        ActivePatch entry = transitionPatch;
        PatchState target = transition.target();
        boolean patching = target == PatchState.PATCHED;
        messages.completing(entry.name(), patching);
        Set<MethodKey> touched = new LinkedHashSet<>(entry.methods());
        List<ActivePatch> replaced = new ArrayList<>();
        if (patching && entry.patch.replace()) {
            // klp_unpatch_replaced_patches, then klp_discard_nops. Only the patches before this one
            // are replaced: patches enabled after it (possible when its disable was reversed) stay.
            for (ActivePatch old : patches) {
                if (old == entry) {
                    break;
                }
                old.enabled = false;
                touched.addAll(old.methods());
                popAll(old.patch);
                replaced.add(old);
            }
            discardNops(entry);
        }
        if (!patching) {
            popAll(entry.patch);
        }
        for (MethodKey method : touched) {
            dispatch.route(method, new Route.Steady(stacks.topVersion(method)));
        }
        dispatch.sync();
        pendingRetry = null;
        unweave();
        // Every thread runs the target code now. The transition patch is still the transition
        // patch and the replaced patches are still listed, so post-patch callbacks can take their
        // states over (kernel 5.5+).
        if (patching) {
            copies.postPatch(entry);
        } else {
            copies.postUnpatch(entry);
        }
        transition = null;
        transitionPatch = null;
        if (!patching) {
            patches.remove(entry);
            dispatch.release(entry.patch);
            copies.forget(entry);
        }
        for (ActivePatch old : replaced) {
            // Replaced patches get no callbacks: the replace patch took over.
            patches.remove(old);
            dispatch.release(old.patch);
            copies.forget(old);
        }
        messages.complete(entry.name(), patching);
    }

    /**
     * The kernel's {@code klp_cancel_transition} after a refused pre-patch callback: the objects
     * patched so far are unpatched, the trampolines this enable wove go, and copies whose pre-patch
     * succeeded get their post-unpatch. No transition had started, so no thread saw the patch.
     */
    private void cancel(ActivePatch entry, List<PatchObject> pushed) {
        messages.failedToEnable(entry.name());
        messages.canceling(entry.name());
        messages.completing(entry.name(), false);
        for (PatchObject object : pushed) {
            stacks.pop(entry.patch, object);
        }
        unweave();
        copies.postUnpatch(entry);
        transitionPatch = null;
        patches.remove(entry);
        dispatch.release(entry.patch);
        copies.forget(entry);
        messages.complete(entry.name(), false);
    }

    /**
     * Pops the nops of a completed replace patch (the kernel's {@code klp_discard_nops}). The patch
     * instance stays the same, since func stacks and dispatch caches know it by identity; the entry
     * just stops showing its nops and dynamic objects.
     */
    private void discardNops(ActivePatch entry) {
        for (PatchObject object : entry.patch.objects()) {
            List<PatchFunc> nops = object.funcs().stream().filter(PatchFunc::isNop).toList();
            if (!nops.isEmpty()) {
                stacks.pop(entry.patch, new PatchObject(object.className(), nops, object.dynamic()));
            }
        }
        entry.nopsDiscarded = true;
    }

    private void popAll(Patch patch) {
        for (PatchObject object : patch.objects()) {
            stacks.pop(patch, object);
        }
    }

    /** Removes trampolines from methods whose stacks are empty, in one retransformation. */
    private void unweave() {
        Map<String, Set<MethodRef>> after = new HashMap<>();
        Set<String> shrunk = new LinkedHashSet<>();
        for (Map.Entry<String, Set<MethodRef>> e : woven.entrySet()) {
            Set<MethodRef> still = stacks.methodsOf(e.getKey());
            if (!still.isEmpty()) {
                after.put(e.getKey(), Set.copyOf(still));
            }
            if (!still.equals(e.getValue())) {
                for (MethodRef gone : e.getValue()) {
                    if (!still.contains(gone)) {
                        dispatch.forget(new MethodKey(e.getKey(), gone));
                    }
                }
                shrunk.add(e.getKey());
            }
        }
        woven = Map.copyOf(after);
        if (!shrunk.isEmpty()) {
            shrunk.retainAll(loaded(shrunk));
        }
        if (!shrunk.isEmpty()) {
            restore(shrunk);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Helpers

    /**
     * Which of {@code names} have a loaded copy: one look at the loaded classes (milliseconds), so
     * every operation asks once for all its names, never per object.
     */
    private Set<String> loaded(Set<String> names) {
        return names.isEmpty() ? Set.of() : redefiner.loaded(names);
    }

    private ActivePatch find(String name) {
        for (ActivePatch entry : patches) {
            if (entry.name().equals(name)) {
                return entry;
            }
        }
        return null;
    }

    private List<Patch> activePatches() {
        List<Patch> list = new ArrayList<>();
        for (ActivePatch entry : patches) {
            list.add(entry.patch);
        }
        return list;
    }

    private void publish() {
        List<Patch> now = activePatches();
        active = Collections.unmodifiableList(now);
        // active first: a class loading in between is then checked against the enabled patch either way
        activeFingerprints = Fingerprinted.of(now);
        enablingFingerprints = Fingerprinted.NONE;
        Set<String> names = new HashSet<>();
        Set<String> withCallbacks = new HashSet<>();
        for (ActivePatch entry : patches) {
            for (PatchObject object : entry.patch.objects()) {
                names.add(object.className());
                if (object.hasCallbacks()) {
                    withCallbacks.add(object.className());
                }
            }
        }
        objectNames = Set.copyOf(names);
        callbackNames = Set.copyOf(withCallbacks);
    }

    private void requireNoTransition(String what) {
        if (transition != null) {
            throw LivepatchException.busy(what + ": patch '" + transitionPatch.name()
                    + "' is in transition (busy); wait for it, disable it to reverse it, or force it");
        }
    }

    private void lockOrBusy(String what) {
        try {
            if (lock.tryLock(BUSY_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                if (copies.running()) {
                    // Re-entered from a callback (the lock is re-entrant): its operation is half done.
                    lock.unlock();
                    throw LivepatchException.busy(what + ": called from a patch callback, while another operation"
                            + " runs (busy)");
                }
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw LivepatchException.busy(what + ": another livepatch operation is in progress (busy)");
    }

    private LivepatchException refuse(String message) {
        messages.error(message);
        return LivepatchException.refused(message);
    }
}
