package io.jlivepatch.benchmarks.soak;

import io.jlivepatch.api.ObjectCallbacks;
import io.jlivepatch.api.ObjectContext;
import io.jlivepatch.api.Shadow;
import io.jlivepatch.api.TargetClass;

/**
 * The first patch's callbacks: count the patch/unpatch pairs, and free the shadow variables after
 * unpatching, as the kernel's documentation advises.
 *
 * <p>Thread-safety: the engine runs callbacks one at a time; the counters are for the soak's checks.
 */
@TargetClass("io.jlivepatch.benchmarks.soak.SoakTarget")
public final class SoakFixACallbacks implements ObjectCallbacks {

    @Override
    public void prePatch(ObjectContext object) {
        SoakTarget.PRE_PATCHES.incrementAndGet();
    }

    @Override
    public void postUnpatch(ObjectContext object) {
        Shadow.freeAll(SoakFixA.SV_CALLS, null);
    }
}
