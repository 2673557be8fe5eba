package io.jlivepatch.samples.patches.callbacksdemo;

import io.jlivepatch.api.ObjectCallbacks;
import io.jlivepatch.api.ObjectContext;
import io.jlivepatch.api.SystemState;
import io.jlivepatch.api.TargetClass;

/**
 * Sample patch {@code livepatch-callbacks-demo}: the kernel's
 * {@code samples/livepatch/livepatch-callbacks-demo.c} for a Java class. It patches no method; its
 * object callbacks print when they run, so you can watch the kernel's order, and use a system state
 * (id 1, version 1, declared in the jar's {@code Livepatch-States}) to keep data from pre-patch to
 * post-unpatch. Pre-patch refuses the patch while the system property
 * {@code livepatch-callbacks-demo.pre_patch_ret} is set to a non-zero value (the kernel sample's
 * module parameter).
 *
 * <p>How to declare callbacks: a public class with a public no-argument constructor, annotated
 * {@code @TargetClass} with the class whose copies it is for, implementing {@link ObjectCallbacks};
 * no {@code @Replace} methods in it (replacement methods live in their own class). The agent loads
 * it in a class loader of the patch whose parent is the target class's loader.
 *
 * <p>Run it, from the repository root:
 * <pre>
 *   mvn -B -q -DskipTests package      # samples/target/patches/callbacks/livepatch-callbacks-demo.jar
 *   java -cp samples/target/classes io.jlivepatch.samples.shadow.DummyService 500 &gt; service.log &amp;
 *   ./jlivepatch load DummyService samples/target/patches/callbacks/livepatch-callbacks-demo.jar
 *   jlivepatch: enabling patch 'livepatch-callbacks-demo'
 *   jlivepatch: 'livepatch-callbacks-demo': starting patching transition
 *   jlivepatch: 'livepatch-callbacks-demo': patching complete
 *   jlivepatch: patch 'livepatch-callbacks-demo' is enabled in process 11406 (io.jlivepatch.samples.shadow.DummyService) (sha256 574c4309...)
 *   ./jlivepatch disable DummyService livepatch-callbacks-demo
 *   jlivepatch: 'livepatch-callbacks-demo': starting unpatching transition
 *   jlivepatch: 'livepatch-callbacks-demo': unpatching complete
 *   jlivepatch: patch 'livepatch-callbacks-demo' is disabled and removed from process 11406 (io.jlivepatch.samples.shadow.DummyService)
 * </pre>
 * {@code service.log}, besides the service's own lines:
 * <pre>
 *   livepatch_callbacks_demo: pre_patch_callback: io.jlivepatch.samples.shadow.DummyService -> LIVE
 *   livepatch_callbacks_demo: post_patch_callback: io.jlivepatch.samples.shadow.DummyService -> LIVE (data: enabled at 3217)
 *   livepatch_callbacks_demo: pre_unpatch_callback: io.jlivepatch.samples.shadow.DummyService -> LIVE
 *   livepatch_callbacks_demo: post_unpatch_callback: io.jlivepatch.samples.shadow.DummyService -> LIVE (data: enabled at 3217)
 * </pre>
 * The engine's debug lines ({@code initializing}, {@code completing}) and the callbacks' lines in
 * their order are in the service's output with the agent option {@code log=stderr};
 * {@code SamplePatchesIT} checks that whole transcript, and the refusal.
 */
@TargetClass("io.jlivepatch.samples.shadow.DummyService")
public final class CallbacksDemo implements ObjectCallbacks {

    private static final long DEMO_STATE = 1;

    private static void info(String callback, ObjectContext object, String extra) {
        System.out.println("livepatch_callbacks_demo: " + callback + ": " + object.className() + " -> "
                + object.loadState() + extra);
    }

    private static String data(ObjectContext object) {
        SystemState state = object.state(DEMO_STATE);
        return state == null || state.data() == null ? "" : " (data: " + state.data() + ")";
    }

    @Override
    public void prePatch(ObjectContext object) throws Exception {
        info("pre_patch_callback", object, "");
        int ret = Integer.getInteger("livepatch-callbacks-demo.pre_patch_ret", 0);
        if (ret != 0) {
            throw new IllegalStateException("pre_patch_ret=" + ret);
        }
        SystemState state = object.state(DEMO_STATE);
        if (state != null && state.data() == null) {
            state.setData("enabled at " + uptimeMillis());
        }
    }

    @Override
    public void postPatch(ObjectContext object) {
        info("post_patch_callback", object, data(object));
    }

    @Override
    public void preUnpatch(ObjectContext object) {
        info("pre_unpatch_callback", object, "");
    }

    @Override
    public void postUnpatch(ObjectContext object) {
        info("post_unpatch_callback", object, data(object));
    }

    private static long uptimeMillis() {
        return java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime();
    }
}
