package io.jlivepatch.core.weave;

/**
 * The JUnit resource lock for {@link io.jlivepatch.runtime.Dispatch}'s linker, which is global and
 * static: tests that install a linker hold it, so they never run concurrently, and put the
 * previous linker back afterwards.
 */
final class DispatchLock {

    static final String NAME = "io.jlivepatch.runtime.Dispatch";

    private DispatchLock() {}
}
