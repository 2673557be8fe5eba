package io.jlivepatch.benchmarks.soak;

import io.jlivepatch.api.ObjectCallbacks;
import io.jlivepatch.api.ObjectContext;
import io.jlivepatch.api.Shadow;
import io.jlivepatch.api.TargetClass;

/**
 * The cumulative patch's callbacks: free both patches' shadow variables after unpatching.
 *
 * <p>Thread-safety: the engine runs callbacks one at a time.
 */
@TargetClass("io.jlivepatch.benchmarks.soak.SoakTarget")
public final class SoakFixBCallbacks implements ObjectCallbacks {

    @Override
    public void postPatch(ObjectContext object) {
        // The replaced patch's variables are now this patch's to free (the kernel's cumulative-patch advice).
        Shadow.freeAll(SoakFixA.SV_CALLS, null);
    }

    @Override
    public void postUnpatch(ObjectContext object) {
        Shadow.freeAll(SoakFixB.SV_LAST, null);
    }
}
