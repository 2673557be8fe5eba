package io.jlivepatch.samples.patches.shadowfix1;

import io.jlivepatch.api.ObjectCallbacks;
import io.jlivepatch.api.ObjectContext;
import io.jlivepatch.api.Shadow;
import io.jlivepatch.api.TargetClass;
import io.jlivepatch.samples.shadow.DummyService;
import io.jlivepatch.samples.shadow.DummyService.Leak;

/**
 * The callbacks of {@link ShadowFix1}: once the fix is off every thread, the leaks still
 * remembered in shadow variables are closed (the kernel sample does it in its module exit; the
 * cumulative-patches documentation advises post-unpatch, since module exit also runs for a replaced
 * patch, whose successor took its variables over).
 */
@TargetClass("io.jlivepatch.samples.shadow.DummyService")
public final class ShadowFix1Callbacks implements ObjectCallbacks {

    @Override
    public void postUnpatch(ObjectContext object) {
        // SV_LEAK is a compile-time constant: this does not load the replacement class.
        Shadow.freeAll(ShadowFix1.SV_LEAK, (Object d, Leak leak) -> {
            DummyService.print("livepatch_shadow_fix1: livepatch_fix1_dummy_leak_dtor: dummy @ " + DummyService.id(d)
                    + ", prevented leak @ " + DummyService.id(leak));
            DummyService.closeLeak(leak);
        });
    }
}
