package io.jlivepatch.api;

import io.jlivepatch.runtime.LoaderGoing;

/**
 * Announces that a class loader's classes are going away (the kernel's {@code klp_module_going}),
 * for applications and containers that drop class loaders (undeploying a web application, say).
 *
 * <p>For every class the loader defined that an active patch names, each patch in enable order
 * runs the target's {@code preUnpatch} (unless that patch is in transition), logs
 * {@code reverting patch '<p>' on unloading module '<class>'} and runs {@code postUnpatch}; the
 * copies are then forgotten and no patch applies to them again. The engine releases the patch class
 * loaders it created for that loader, so the loader can be collected once the application drops
 * it.
 *
 * <p>Why an announcement: the JVM tells no one that a class loader is about to be collected, and
 * once it has been, no code of its classes can run. A patch's callbacks class loader is a child of
 * the target's loader, so it keeps that loader alive while the patch is applied; without an
 * announcement a dropped loader with patched callbacks stays until the patch is disabled or
 * replaced. Loaders of classes whose patches have no callbacks are never kept alive.
 *
 * <p>Call it after the application stopped using the loader's classes. Without the agent it does
 * nothing. Thread-safety: thread-safe; it waits for a livepatch operation in progress.
 */
public final class Unloading {

    private Unloading() {}

    /**
     * Runs module going for the classes {@code loader} defined.
     *
     * @throws NullPointerException if {@code loader} is {@code null} (the bootstrap loader never goes)
     * @throws IllegalStateException if called from a patch callback
     */
    public static void announce(ClassLoader loader) {
        if (loader == null) {
            throw new NullPointerException("loader (the bootstrap class loader never goes away)");
        }
        LoaderGoing.announce(loader);
    }
}
