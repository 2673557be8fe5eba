package io.jlivepatch.benchmarks.soak;

import io.jlivepatch.api.Replace;
import io.jlivepatch.api.Shadow;
import io.jlivepatch.api.TargetClass;

/**
 * The soak's first patch: counts calls per object in a shadow variable.
 *
 * <p>Thread-safety: the counter array is per object and the soak calls from one thread.
 */
@TargetClass("io.jlivepatch.benchmarks.soak.SoakTarget")
public final class SoakFixA {

    /** The shadow variable id of the call counter. */
    static final long SV_CALLS = 18_001;

    private SoakFixA() {}

    @Replace
    static String describe(SoakTarget self) {
        long[] calls = Shadow.getOrAlloc(self, SV_CALLS, o -> new long[1]);
        calls[0]++;
        return "A " + calls[0];
    }
}
