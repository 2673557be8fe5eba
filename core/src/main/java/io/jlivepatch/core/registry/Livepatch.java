package io.jlivepatch.core.registry;

import io.jlivepatch.core.event.LivepatchListener;
import io.jlivepatch.core.event.Messages;
import io.jlivepatch.core.funcstack.DispatchTable;
import io.jlivepatch.core.funcstack.LoadedCopies;
import io.jlivepatch.core.funcstack.MethodKey;
import io.jlivepatch.core.funcstack.Patching;
import io.jlivepatch.core.funcstack.Route;
import io.jlivepatch.core.model.Patch;
import io.jlivepatch.core.model.PatchObject;
import io.jlivepatch.core.state.LiveState;
import io.jlivepatch.core.state.PreviousStates;
import io.jlivepatch.core.state.SystemStates;
import io.jlivepatch.core.transition.PatchState;
import io.jlivepatch.core.transition.Scheduler;
import io.jlivepatch.core.transition.ThreadStacks;
import io.jlivepatch.core.transition.Transition;
import io.jlivepatch.core.transition.TransitionDriver;
import io.jlivepatch.core.weave.WeavePlan;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The livepatch engine's facade (the kernel's {@code core.c}): enable, disable, reverse, force, the
 * ordered list of active patches, and the order of the steps each operation takes. The steps live
 * beside their kernel counterparts: nops in {@link Nops}, trampolines in {@link Weaving} and
 * {@link Patching} ({@code patch.c}), transitions in {@link TransitionDriver} ({@code transition.c}),
 * previous states in {@link PreviousStates} ({@code state.c}), callbacks in {@link LoadedObjects},
 * coming and going classes in {@link Modules}.
 *
 * <p><b>Locking.</b> One lock ({@code lock}, the kernel's {@code klp_mutex}) guards all state:
 * operations, transition retries and status queries take it. An operation that cannot get it within
 * {@link #BUSY_WAIT_MILLIS} is refused as busy, and so is any enable or disable while a transition
 * is in progress. Two paths run without it, as in the kernel: woven code (through the
 * {@link DispatchTable} and the {@link Transition}), and class loading and retransformation, which
 * read the published {@link WeavePlan} and {@link Modules} values. A class that loads later takes
 * the lock only if an active patch has callbacks for it, and waits at most
 * {@link #CLASS_LOADING_WAIT_MILLIS} for it (see {@link #classComing}). Callbacks run under the
 * lock; operations they start are refused as busy.
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

    private final ClassRedefiner redefiner;
    private final DispatchTable dispatch;
    private final Messages messages;
    private final ReentrantLock lock = new ReentrantLock();
    private final Weaving weaving;
    private final Patching patching;
    private final TransitionDriver driver;
    private final Modules modules;
    private final LoadedObjects copies;
    private final PreviousStates previousStates;

    private final List<ActivePatch> patches = new ArrayList<>();
    /** The patch in transition, from init until completion or cancel (the kernel's {@code klp_transition_patch}). */
    private ActivePatch transitionPatch;

    public Livepatch(ClassRedefiner redefiner, DispatchTable dispatch, ThreadStacks threads, Scheduler scheduler,
                     LivepatchListener listener) {
        this.redefiner = redefiner;
        this.dispatch = dispatch;
        this.messages = new Messages(listener);
        this.weaving = new Weaving(redefiner, dispatch, messages);
        this.patching = weaving.patching();
        this.driver = new TransitionDriver(threads, scheduler, dispatch, messages, lock, this::publish);
        this.driver.bind(this::complete);
        this.modules = new Modules(messages);
        this.previousStates = new PreviousStates(messages::previousStateOutsideTransition);
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
    // Lock-free: class loading and retransformation

    /** The plan the class-file transformer decides by, for every class it sees. Lock-free. */
    public WeavePlan weavePlan() {
        return weaving.plan();
    }

    /** Whether an active patch names {@code className} (with funcs or callbacks). Lock-free. */
    public boolean isObject(String className) {
        return modules.isObject(className);
    }

    /**
     * Whether the copy of {@code className} that {@code loader} defines may carry patches: not
     * refused by a pre-patch callback, not gone. Lock-free.
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
        if (!modules.isObject(className)) {
            return true;
        }
        if (!modules.hasCallbacks(className)) {
            // Nothing can refuse it: no lock, so that loading a patched class never waits for an operation.
            modules.applying(className);
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
     * Reports that the copy of {@code className} that {@code loader} defines loaded but could not
     * be woven or does not fit an active patch: it stays unpatched for good, and no callback runs
     * for it. Lock-free.
     */
    public void classLoadFailed(String className, Object loader, String reason) {
        copies.refuse(className, loader);
        modules.failedToApply(className, reason);
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

    /** {@code klp_get_prev_state}, for callbacks; under the lock. */
    private LiveState previousState(long id) {
        lock.lock();
        try {
            if (transitionPatch == null) {
                return previousStates.previous(null, id);
            }
            List<Map<Long, LiveState>> before = new ArrayList<>();
            for (ActivePatch entry : patches) {
                if (entry == transitionPatch) {
                    break;
                }
                before.add(entry.states);
            }
            return previousStates.previous(before, id);
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Operations

    /**
     * Enables {@code patch} (the kernel's {@code klp_enable_patch}): checks it, adds nops to a
     * replace patch, weaves its trampolines and prepares its code (one look at the loaded classes,
     * one retransformation), runs its pre-patch callbacks and pushes its funcs object by object,
     * and starts the patching transition, which completes now if no thread is in a transition
     * method, else in the background.
     *
     * @throws LivepatchException when refused or failed; nothing has changed then
     */
    public void enable(Patch patch) {
        String what = "cannot enable patch '" + patch.name() + "'";
        lockOrBusy(what);
        try {
            requireNoTransition(what);
            if (find(patch.name()) != null) {
                throw refuse("patch '" + patch.name() + "' is already enabled");
            }
            TargetPolicy.check(patch);
            if (!SystemStates.isCompatible(patch, activePatches())) {
                messages.incompatible(patch.name());
                throw LivepatchException.refused("patch '" + patch.name()
                        + "' is not compatible with the already installed livepatches (system states)");
            }
            Patch withNops = patch.replace() ? Nops.add(patch, patches) : patch;
            LoadedCopies loaded = weaving.weave(withNops);

            messages.enabling(patch.name());
            ActivePatch entry = new ActivePatch(withNops);
            patches.add(entry);
            // Published now, so that a class loading from here on waits for this enable and then
            // gets this patch's callbacks too.
            publish();
            messages.initializing(entry.name(), true);
            transitionPatch = entry;
            // klp_enable_patch: per object in list order, pre-patch for its loaded copies, then
            // patch it. A refusal cancels everything done so far.
            List<PatchObject> pushed = new ArrayList<>();
            Map<String, List<Object>> loadedCopies = copies.loadedCopies(entry, loaded);
            for (PatchObject object : withNops.objects()) {
                if (!copies.prePatch(entry, object, loadedCopies)) {
                    cancel(entry, pushed);
                    throw LivepatchException.refused("patch '" + patch.name() + "': pre-patch callback failed for object '"
                            + object.className() + "': " + copies.lastFailure());
                }
                patching.push(withNops, object);
                pushed.add(object);
            }
            entry.enabled = true;
            driver.start(entry.patch, PatchState.PATCHED, entry.methods(), patching.stacks());
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
            messages.initializing(entry.name(), false);
            transitionPatch = entry;
            copies.preUnpatch(entry);
            driver.start(entry.patch, PatchState.UNPATCHED, entry.methods(), patching.stacks());
        } finally {
            publish();
            lock.unlock();
        }
    }

    /**
     * Reverses the transition of patch {@code name}, whichever way it is going (the kernel's write
     * of the opposite value to {@code enabled}). This is what {@code jlivepatch load} does on a timeout.
     *
     * @throws LivepatchException when {@code name} is not the patch in transition
     */
    public void reverse(String name) {
        lockOrBusy("cannot reverse patch '" + name + "'");
        try {
            requireInTransition(name);
            reverse();
        } finally {
            publish();
            lock.unlock();
        }
    }

    /**
     * Forces the transition of patch {@code name} (the kernel's {@code klp_force_transition}): every
     * remaining thread switches without a stack check. Threads still running old code may then mix
     * versions; see the README. The patches it touches are marked forced (the kernel's
     * {@code klp_patch.forced}, which keeps the module loaded for good).
     *
     * @throws LivepatchException when {@code name} is not the patch in transition
     */
    public void force(String name) {
        lockOrBusy("cannot force patch '" + name + "'");
        try {
            requireInTransition(name);
            if (driver.current().target() == PatchState.UNPATCHED) {
                transitionPatch.forced = true;
            } else if (transitionPatch.patch.replace()) {
                for (ActivePatch other : patches) {
                    if (other != transitionPatch) {
                        other.forced = true;
                    }
                }
            }
            driver.force();
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
            return driver.current() != null;
        } finally {
            lock.unlock();
        }
    }

    /** The transition in progress, or {@code null}. */
    public TransitionStatus transition() {
        lock.lock();
        try {
            Transition transition = driver.current();
            return transition == null ? null : new TransitionStatus(transition.patch(), transition.target(),
                    transition.remaining(), transition.blockers());
        } finally {
            lock.unlock();
        }
    }

    /** The active patches in stack order (the sysfs directory), with one look at the loaded classes. */
    public List<PatchStatus> patches() {
        lock.lock();
        try {
            Set<String> names = StatusReport.objectNames(patches);
            Set<String> loaded = names.isEmpty() ? Set.of() : redefiner.look(names).names();
            return StatusReport.of(patches, loaded, transitionPatch, copies);
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Transition steps that are core.c's

    /** The kernel's {@code klp_reverse_transition} as far as the patch list goes; the driver does the rest. */
    private void reverse() {
        transitionPatch.enabled = !transitionPatch.enabled;
        driver.reverse();
    }

    /**
     * The kernel's {@code klp_complete_transition} past the threads, in its order: replaced patches
     * and nops come off the func stacks, every touched method gets its steady route, trampolines
     * of emptied methods go, post callbacks run (with previous states still reachable), then the
     * patch list drops what is gone.
     */
    private void complete(Transition finished) {
        ActivePatch entry = transitionPatch;
        boolean patching = finished.target() == PatchState.PATCHED;
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
            Nops.discard(entry, this.patching.stacks());
        }
        if (!patching) {
            popAll(entry.patch);
        }
        for (MethodKey method : touched) {
            dispatch.route(method, new Route.Steady(this.patching.stacks().topVersion(method)));
        }
        dispatch.sync();
        weaving.unweave();
        // Every thread runs the target code now. The transition patch is still the transition
        // patch and the replaced patches are still listed, so post-patch callbacks can take their
        // states over (kernel 5.5+).
        if (patching) {
            copies.postPatch(entry);
        } else {
            copies.postUnpatch(entry);
        }
        transitionPatch = null;
        if (!patching) {
            forget(entry);
        }
        // Replaced patches get no callbacks: the replace patch took over.
        replaced.forEach(this::forget);
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
            patching.pop(entry.patch, object);
        }
        weaving.unweave();
        copies.postUnpatch(entry);
        transitionPatch = null;
        forget(entry);
        messages.complete(entry.name(), false);
    }

    private void popAll(Patch patch) {
        for (PatchObject object : patch.objects()) {
            patching.pop(patch, object);
        }
    }

    /** Drops a patch that is gone from the list, its code and its callbacks' state. */
    private void forget(ActivePatch entry) {
        patches.remove(entry);
        dispatch.release(entry.patch);
        copies.forget(entry);
    }

    // ---------------------------------------------------------------------------------------------
    // Helpers

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

    /** Publishes the active patches to class loading and to the weave plan. Under the lock. */
    private void publish() {
        Modules.Published now = modules.publish(activePatches());
        weaving.activeChanged(now.active(), now.objects());
    }

    private void requireNoTransition(String what) {
        if (driver.current() != null) {
            throw LivepatchException.busy(what + ": patch '" + transitionPatch.name()
                    + "' is in transition (busy); wait for it, disable it to reverse it, or force it");
        }
    }

    private void requireInTransition(String name) {
        if (transitionPatch == null || driver.current() == null || !transitionPatch.name().equals(name)) {
            throw refuse("patch '" + name + "' is not in transition");
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
