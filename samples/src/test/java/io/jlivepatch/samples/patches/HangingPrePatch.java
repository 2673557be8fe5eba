package io.jlivepatch.samples.patches;

import io.jlivepatch.api.ObjectCallbacks;
import io.jlivepatch.api.ObjectContext;
import io.jlivepatch.api.TargetClass;
import io.jlivepatch.samples.targets.Holder;

/**
 * A pre-patch callback that hangs: it waits in {@code Holder.waitForRelease()} (at most a minute)
 * until the target releases it, as a callback stuck on a lock or a remote call would. With
 * {@link GreetV1}'s func, so that the patch has something to patch once the callback returns.
 */
@TargetClass("io.jlivepatch.samples.targets.Greeter")
public final class HangingPrePatch implements ObjectCallbacks {

    @Override
    public void prePatch(ObjectContext object) {
        Holder.waitForRelease();
    }
}
