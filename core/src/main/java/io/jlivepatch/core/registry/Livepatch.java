package io.jlivepatch.core.registry;

import io.jlivepatch.core.event.LivepatchListener;
import io.jlivepatch.core.event.Messages;
import io.jlivepatch.core.funcstack.DispatchTable;
import io.jlivepatch.core.funcstack.LoadedCopies;
import io.jlivepatch.core.funcstack.Patching;
import io.jlivepatch.core.model.Patch;
import io.jlivepatch.core.model.PatchObject;
import io.jlivepatch.core.state.PreviousStates;
import io.jlivepatch.core.state.SystemStates;
import io.jlivepatch.core.transition.PatchState;
import io.jlivepatch.core.transition.Scheduler;
import io.jlivepatch.core.transition.ThreadStacks;
import io.jlivepatch.core.transition.Transition;
import io.jlivepatch.core.transition.TransitionDriver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The livepatch engine's facade (the kernel's {@code core.c}): enable, disable, reverse, force and
 * status, the lock, and the order of the steps each operation takes. The steps live beside their
 * kernel counterparts: the patch list in {@link PatchList}, nops in {@link Nops}, trampolines in
 * {@link Weaving} and {@link Patching} ({@code patch.c}), transitions in {@link TransitionDriver}
 * ({@code transition.c}) and {@link Completion}, previous states in {@link PreviousStates}
 * ({@code state.c}), callbacks in {@link LoadedObjects}, coming and going classes in {@link Modules}.
 *
 * <p><b>Locking.</b> One lock ({@code lock}, the kernel's {@code klp_mutex}) guards all state:
 * operations, transition retries and status queries take it. An operation that cannot get it within
 * {@link #BUSY_WAIT_MILLIS} is refused as busy, and so is any enable or disable while a transition
 * is in progress. Two paths run without it, as in the kernel: woven code (through the
 * {@link DispatchTable} and the {@link Transition}), and class loading and retransformation, which
 * read what {@link Modules} publishes. A class that
 * loads later takes the lock only if an active patch has callbacks for it, and waits at most
 * {@link #CLASS_LOADING_WAIT_MILLIS}. Callbacks run under the lock; operations they start are
 * refused as busy.
 *
 * <p>Thread-safety: thread-safe.
 */
public final class Livepatch {

    /** How long an operation waits for another one to finish before it is refused as busy. */
    public static final long BUSY_WAIT_MILLIS = 2_000;
    /**
     * How long a loading class waits for the operation in progress when its callbacks must run:
     * longer than {@link #BUSY_WAIT_MILLIS}, since the alternative is to leave it unpatched; finite,
     * since the operation may be a callback waiting for this very class to load on another thread.
     */
    public static final long CLASS_LOADING_WAIT_MILLIS = 10_000;

    private final ClassRedefiner redefiner;
    private final Messages messages;
    private final ReentrantLock lock = new ReentrantLock();
    private final PatchList list = new PatchList();
    private final Weaving weaving;
    private final Patching patching;
    private final TransitionDriver driver;
    private final LoadedObjects copies;
    private final Modules modules;
    private final Completion completion;
    private final PreviousStates previousStates;

    public Livepatch(ClassRedefiner redefiner, DispatchTable dispatch, ThreadStacks threads, Scheduler scheduler,
                     LivepatchListener listener) {
        this.redefiner = redefiner;
        this.messages = new Messages(listener);
        this.weaving = new Weaving(redefiner, dispatch, messages);
        this.patching = weaving.patching();
        this.driver = new TransitionDriver(threads, scheduler, dispatch, messages, lock, this::publish);
        this.previousStates = new PreviousStates(messages::previousStateOutsideTransition);
        this.copies = new LoadedObjects(messages, id -> {
            lock.lock();
            try {
                return previousStates.previous(list.statesBeforeTransition(), id);
            } finally {
                lock.unlock();
            }
        });
        this.modules = new Modules(messages, lock, copies, list, weaving);
        this.completion = new Completion(list, weaving, dispatch, copies, messages);
        this.driver.bind(completion);
    }

    /** Plugs in the JVM side of object callbacks (without it, none run); once, before any enable. */
    public void bind(CallbackRunner runner) {
        copies.bind(runner);
    }

    /** Class loading's and retransformation's side of the registry (module coming and going), mostly lock-free. */
    public Modules modules() {
        return modules;
    }

    /**
     * Enables {@code patch} (the kernel's {@code klp_enable_patch}): checks it, adds nops to a replace
     * patch, weaves and prepares it, runs its pre-patch callbacks and pushes its funcs object by
     * object, and starts the patching transition (completed now, or in the background).
     *
     * @throws LivepatchException when refused or failed; nothing has changed then
     */
    public void enable(Patch patch) {
        String what = "cannot enable patch '" + patch.name() + "'";
        lockOrBusy(what);
        try {
            requireNoTransition(what);
            if (list.find(patch.name()) != null) {
                throw refuse("patch '" + patch.name() + "' is already enabled");
            }
            TargetPolicy.check(patch);
            if (!SystemStates.isCompatible(patch, list.patches())) {
                messages.incompatible(patch.name());
                throw LivepatchException.refused("patch '" + patch.name()
                        + "' is not compatible with the already installed livepatches (system states)");
            }
            Patch withNops = patch.replace() ? Nops.add(patch, list.entries()) : patch;
            LoadedCopies loaded = weaving.weave(withNops);
            messages.enabling(patch.name());
            ActivePatch entry = new ActivePatch(withNops);
            list.add(entry);
            publish(); // a class loading from here on waits for this enable, then gets its callbacks too
            messages.initializing(entry.name(), true);
            list.init(entry);
            // Per object in list order, pre-patch for its loaded copies, then patch it; a refusal cancels.
            List<PatchObject> pushed = new ArrayList<>();
            Map<String, List<Object>> loadedCopies = copies.loadedCopies(entry, loaded);
            for (PatchObject object : withNops.objects()) {
                if (!copies.prePatch(entry, object, loadedCopies)) {
                    completion.cancel(entry, pushed);
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
            ActivePatch entry = list.find(name);
            if (entry == null) {
                throw refuse("no enabled patch named '" + name + "'");
            }
            if (!entry.enabled) {
                // The kernel's EINVAL for writing the value 'enabled' already has.
                throw refuse("patch '" + name + "' is already being disabled");
            }
            if (list.transitionPatch() == entry) {
                reverseTransition();
                return;
            }
            requireNoTransition("cannot disable patch '" + name + "'");
            entry.enabled = false;
            messages.initializing(entry.name(), false);
            list.init(entry);
            copies.preUnpatch(entry);
            driver.start(entry.patch, PatchState.UNPATCHED, entry.methods(), patching.stacks());
        } finally {
            publish();
            lock.unlock();
        }
    }

    /**
     * Reverses the transition of patch {@code name}, whichever way it is going (the kernel's write
     * of the opposite value to {@code enabled}); what {@code jlivepatch load} does on a timeout.
     *
     * @throws LivepatchException when {@code name} is not the patch in transition
     */
    public void reverse(String name) {
        lockOrBusy("cannot reverse patch '" + name + "'");
        try {
            requireInTransition(name);
            reverseTransition();
        } finally {
            publish();
            lock.unlock();
        }
    }

    /**
     * Forces the transition of patch {@code name} (the kernel's {@code klp_force_transition}): every
     * remaining thread switches without a stack check, so threads still running old code may mix
     * versions (see the README). The patches it touches are marked forced, as the kernel does.
     *
     * @throws LivepatchException when {@code name} is not the patch in transition
     */
    public void force(String name) {
        lockOrBusy("cannot force patch '" + name + "'");
        try {
            requireInTransition(name);
            ActivePatch entry = list.transitionPatch();
            if (driver.current().target() == PatchState.UNPATCHED) {
                entry.forced = true;
            } else if (entry.patch.replace()) {
                list.entries().stream().filter(other -> other != entry).forEach(other -> other.forced = true);
            }
            driver.force();
        } finally {
            publish();
            lock.unlock();
        }
    }

    /** Whether a transition is in progress. */
    public boolean isInTransition() {
        return transition() != null;
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
            Set<String> names = StatusReport.objectNames(list.entries());
            Set<String> loaded = names.isEmpty() ? Set.of() : redefiner.look(names).names();
            return StatusReport.of(list.entries(), loaded, list.transitionPatch(), copies);
        } finally {
            lock.unlock();
        }
    }

    /** The kernel's {@code klp_reverse_transition}: the patch flips direction, the driver drives back. */
    private void reverseTransition() {
        ActivePatch entry = list.transitionPatch();
        entry.enabled = !entry.enabled;
        driver.reverse();
    }

    /** Publishes the active patches to class loading and to the weave plan. Under the lock. */
    private void publish() {
        Modules.Published now = modules.publish(list.patches());
        weaving.activeChanged(now.active(), now.objects());
    }

    private void requireNoTransition(String what) {
        if (driver.current() != null) {
            throw LivepatchException.busy(what + ": patch '" + list.transitionPatch().name()
                    + "' is in transition (busy); wait for it, disable it to reverse it, or force it");
        }
    }

    private void requireInTransition(String name) {
        ActivePatch entry = list.transitionPatch();
        if (entry == null || driver.current() == null || !entry.name().equals(name)) {
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
