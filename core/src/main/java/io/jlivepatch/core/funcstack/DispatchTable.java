package io.jlivepatch.core.funcstack;

import io.jlivepatch.core.model.Patch;
import io.jlivepatch.core.model.PatchObject;

/**
 * Port to the call sites woven methods link to: the registry publishes {@link Route}s, the agent's
 * adapter binds them to {@code MutableCallSite}s in every loaded copy of each class.
 *
 * <p>Thread-safety: the registry calls it under its lock, one operation at a time; the adapter must
 * in addition serve concurrent linking from application threads.
 */
public interface DispatchTable {

    /**
     * Makes the replacement code of {@code objects} ready for their copies in {@code loaded} (the
     * operation's one look at the loaded classes), so that routing to it later cannot fail. All or
     * nothing: on failure nothing is kept.
     *
     * @throws PrepareException naming the patch, class and method at fault
     */
    void prepareAll(Patch patch, java.util.List<PatchObject> objects, LoadedCopies loaded) throws PrepareException;

    /** Sets the route of {@code method}; it takes effect for running code at the next {@link #sync}. */
    void route(MethodKey method, Route route);

    /** Publishes every route set since the last sync, in one batch. */
    void sync();

    /** Forgets {@code method}'s route and call sites (it no longer carries a trampoline). */
    void forget(MethodKey method);

    /** Forgets everything prepared for {@code patch}, so its replacement code can be unloaded. */
    void release(Patch patch);
}
