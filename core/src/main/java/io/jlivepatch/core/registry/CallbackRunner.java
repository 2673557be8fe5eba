package io.jlivepatch.core.registry;

import io.jlivepatch.core.funcstack.LoadedCopies;
import io.jlivepatch.core.model.Patch;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Port to the JVM for object callbacks: the agent's adapter loads a patch's callbacks class in a
 * patch class loader (a child of the target copy's loader), creates it, and calls it. The core
 * decides which callback runs when (the kernel's order and pairing rules, in {@link LoadedObjects});
 * this port only finds copies and runs what it is told.
 *
 * <p>A loaded copy of a target class is named by its class name and its defining loader, which the
 * core treats as an opaque identity ({@code null} for the bootstrap loader): it is compared with
 * {@code ==} and held weakly, never used.
 *
 * <p>Thread-safety: called by the registry under its lock, one call at a time.
 */
public interface CallbackRunner {

    /** The four callbacks of an object. */
    enum Callback {
        PRE_PATCH("pre-patch"),
        POST_PATCH("post-patch"),
        PRE_UNPATCH("pre-unpatch"),
        POST_UNPATCH("post-unpatch");

        private final String phrase;

        Callback(String phrase) {
            this.phrase = phrase;
        }

        /** The kernel's name in messages: {@code pre-patch}, ... */
        public String phrase() {
            return phrase;
        }
    }

    /**
     * The defining loaders of the copies in {@code loaded} (the enable's one look at the loaded
     * classes) of each of {@code classNames} ({@code null} for the bootstrap loader; names with no
     * copy may be absent). Called once per enable, for the objects with callbacks.
     */
    Map<String, List<Object>> loaders(LoadedCopies loaded, Set<String> classNames);

    /**
     * Runs {@code callback} of {@code context.object()} for the copy {@code context.loader()}.
     *
     * @throws Exception whatever the callback threw, or why it could not be loaded or created
     *     (wrapped); for {@link Callback#PRE_PATCH} this refuses the object
     */
    void run(Callback callback, CallbackContext context) throws Exception;

    /** The patch is done with the copy of {@code className} in {@code loader}: forget what was created for it. */
    void release(Patch patch, Object loader, String className);

    /** The patch is gone (disabled, cancelled or replaced): forget everything created for it. */
    void release(Patch patch);

    /** No callbacks can run: every object behaves as if it had none loaded. */
    CallbackRunner NONE = new CallbackRunner() {
        @Override
        public Map<String, List<Object>> loaders(LoadedCopies loaded, Set<String> classNames) {
            return Map.of();
        }

        @Override
        public void run(Callback callback, CallbackContext context) {
            // nothing to run
        }

        @Override
        public void release(Patch patch, Object loader, String className) {
            // nothing kept
        }

        @Override
        public void release(Patch patch) {
            // nothing kept
        }
    };
}
