package io.jlivepatch.core.registry;

import io.jlivepatch.core.event.Messages;
import io.jlivepatch.core.model.Patch;
import io.jlivepatch.core.model.PatchObject;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Classes that load after a patch and class loaders that go (the kernel's {@code klp_module_coming}
 * and {@code klp_module_going} in {@code core.c}): what the registry knows lock-free about the
 * active patches for a loading class, and the messages of copies that load unpatched. The callback
 * order and pairing for coming and going copies are {@link LoadedObjects}'.
 *
 * <p>Thread-safety: {@link #published} is written under the registry lock and read lock-free by
 * class loading (one immutable value behind a volatile field); the rest is stateless.
 */
final class Modules {

    /** What class loading needs of the active patches, published as one value. */
    record Published(List<Patch> active, Set<String> objects, Set<String> withCallbacks) {
        static final Published NONE = new Published(List.of(), Set.of(), Set.of());
    }

    private final Messages messages;
    /** Written under the registry lock, read by class loading. */
    private volatile Published published = Published.NONE;

    Modules(Messages messages) {
        this.messages = messages;
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

    /** Whether an active patch names {@code className}. Lock-free. */
    boolean isObject(String className) {
        return published.objects().contains(className);
    }

    /** Whether an active patch has callbacks for {@code className}: then coming must take the lock. Lock-free. */
    boolean hasCallbacks(String className) {
        return published.withCallbacks().contains(className);
    }

    /** A copy without callbacks is coming: "applying" for every active patch that names it. Lock-free. */
    void applying(String className) {
        for (Patch patch : published.active()) {
            if (patch.object(className) != null) {
                messages.applyingToLoading(patch.name(), className);
            }
        }
    }

    /** A copy loads unpatched for good: "failed to apply" for every active patch that names it. Lock-free. */
    void failedToApply(String className, String reason) {
        for (Patch patch : published.active()) {
            if (patch.object(className) != null) {
                messages.failedToApplyToLoading(patch.name(), className, reason);
            }
        }
    }
}
