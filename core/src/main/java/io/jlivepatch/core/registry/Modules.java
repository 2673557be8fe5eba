package io.jlivepatch.core.registry;

import io.jlivepatch.core.event.Messages;
import io.jlivepatch.core.model.Patch;
import io.jlivepatch.core.model.PatchObject;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import io.jlivepatch.core.weave.WeavePlan;

/**
 * The registry as class loading and retransformation see it (the kernel's {@code klp_module_coming}
 * and {@code klp_module_going} in {@code core.c}): the weave plan the class-file transformer decides
 * by, classes that load after a patch, copies that load unpatched, and class loaders that go. The
 * callback order and pairing for coming and going copies are {@link LoadedObjects}'.
 *
 * <p>Thread-safety: thread-safe; class loading calls in on any thread. What it needs of the active
 * patches is one immutable value behind a volatile field, written under the registry lock; a
 * coming copy takes that lock only when an active patch has callbacks for it.
 */
public final class Modules {

    /** What class loading needs of the active patches, published as one value. */
    record Published(List<Patch> active, Set<String> objects, Set<String> withCallbacks) {
        static final Published NONE = new Published(List.of(), Set.of(), Set.of());
    }

    private final Messages messages;
    private final ReentrantLock lock;
    private final LoadedObjects copies;
    private final PatchList list;
    private final Weaving weaving;
    /** Written under the registry lock, read by class loading. */
    private volatile Published published = Published.NONE;

    Modules(Messages messages, ReentrantLock lock, LoadedObjects copies, PatchList list, Weaving weaving) {
        this.weaving = weaving;
        this.messages = messages;
        this.lock = lock;
        this.copies = copies;
        this.list = list;
    }

    /** Publishes the active patches, in order; under the registry lock. */
    Published publish(List<Patch> active) {
        Set<String> names = new HashSet<>();
        Set<String> withCallbacks = new HashSet<>();
        for (Patch patch : active) {
            for (PatchObject object : patch.objects()) {
                names.add(object.className());
                if (object.hasCallbacks()) {
                    withCallbacks.add(object.className());
                }
            }
        }
        Published now = new Published(List.copyOf(active), Set.copyOf(names), Set.copyOf(withCallbacks));
        published = now;
        return now;
    }

    /** The plan the class-file transformer decides by, for every class it sees. Lock-free. */
    public WeavePlan weavePlan() {
        return weaving.plan();
    }

    /** Whether an active patch names {@code className} (with funcs or callbacks). Lock-free. */
    public boolean isObject(String className) {
        return published.objects().contains(className);
    }

    /** Whether patches may touch the copy of {@code className} in {@code loader} (not refused, not gone). Lock-free. */
    public boolean isAlive(String className, Object loader) {
        return copies.isAlive(className, loader);
    }

    /**
     * A copy of {@code className} is being defined by {@code loader} (an opaque identity, held
     * weakly, {@code null} for the boot loader) with its trampolines woven: the kernel's
     * {@code klp_module_coming}. For each active patch that names it, in order, logs "applying" and
     * runs its pre-patch and post-patch callbacks (post-patch is deferred to the completion of a
     * transition in progress). {@code false}: the copy loads unpatched, for good: a pre-patch
     * callback refused it (the patches applied before are reverted, as on going; the kernel refuses
     * the module, which a transformer cannot do), or the lock stayed busy for
     * {@link Livepatch#CLASS_LOADING_WAIT_MILLIS}. Lock-free unless a patch has callbacks for it.
     */
    public boolean coming(String className, Object loader) {
        Published now = published;
        if (!now.objects().contains(className)) {
            return true;
        }
        if (!now.withCallbacks().contains(className)) {
            // Nothing can refuse it: no lock, so that loading a patched class never waits for an operation.
            for (Patch patch : now.active()) {
                if (patch.object(className) != null) {
                    messages.applyingToLoading(patch.name(), className);
                }
            }
            return true;
        }
        boolean locked;
        try {
            locked = lock.tryLock(Livepatch.CLASS_LOADING_WAIT_MILLIS, TimeUnit.MILLISECONDS);
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
            return copies.coming(list.entries(), list.transitionPatch(), className, loader);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The copy of {@code className} in {@code loader} loaded unwoven (a misfit with an active patch,
     * or a weave error): it stays unpatched for good, and no callback runs for it. Lock-free.
     */
    public void loadFailed(String className, Object loader, String reason) {
        copies.refuse(className, loader);
        for (Patch patch : published.active()) {
            if (patch.object(className) != null) {
                messages.failedToApplyToLoading(patch.name(), className, reason);
            }
        }
    }

    /**
     * Module going (the kernel's {@code klp_module_going}) for {@code loader}'s copies of
     * {@code classNames}, the classes active patches name, in the order to process them: for each,
     * every patch that names it runs its pre-unpatch callback (unless it is in transition), logs
     * "reverting" and runs its post-unpatch callback; then no patch applies to those copies again.
     * Their code is not rerouted: it is going away. Waits for an operation in progress.
     *
     * @throws IllegalStateException when called from a callback
     */
    public void going(Object loader, List<String> classNames) {
        lock.lock();
        try {
            if (copies.running()) {
                throw new IllegalStateException("jlivepatch: a class loader cannot be announced going from a patch callback");
            }
            copies.going(list.entries(), list.transitionPatch(), loader, classNames);
        } finally {
            lock.unlock();
        }
    }
}
