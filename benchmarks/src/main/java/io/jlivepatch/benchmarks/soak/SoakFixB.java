package io.jlivepatch.benchmarks.soak;

import io.jlivepatch.api.Replace;
import io.jlivepatch.api.Shadow;
import io.jlivepatch.api.TargetClass;

/**
 * The soak's cumulative patch ({@code Livepatch-Replace: true}): replaces the first, and attaches
 * a shadow variable of its own, a string built per call (so a leak would show in the heap).
 *
 * <p>Thread-safety: the soak calls from one thread.
 */
@TargetClass("io.jlivepatch.benchmarks.soak.SoakTarget")
public final class SoakFixB {

    /** The shadow variable id of the last description. */
    static final long SV_LAST = 18_002;

    private SoakFixB() {}

    @Replace
    static String describe(SoakTarget self) {
        StringBuilder[] last = Shadow.getOrAlloc(self, SV_LAST, o -> new StringBuilder[1]);
        last[0] = new StringBuilder("B ").append(System.identityHashCode(self));
        return last[0].toString().substring(0, 1);
    }
}
