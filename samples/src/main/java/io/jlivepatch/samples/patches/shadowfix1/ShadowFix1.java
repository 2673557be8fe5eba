package io.jlivepatch.samples.patches.shadowfix1;

import io.jlivepatch.api.Replace;
import io.jlivepatch.api.Shadow;
import io.jlivepatch.api.TargetClass;
import io.jlivepatch.samples.shadow.DummyService;
import io.jlivepatch.samples.shadow.DummyService.Dummy;
import io.jlivepatch.samples.shadow.DummyService.Leak;

/**
 * Sample patch {@code livepatch-shadow-fix1}: the kernel's
 * {@code samples/livepatch/livepatch-shadow-fix1.c} in Java. {@link DummyService} forgets the leak
 * each dummy opens; the fix remembers it in a shadow variable {@code <dummy, SV_LEAK>} (the JVM
 * cannot add the missing field to {@code Dummy}), and the patched free closes it. Dummies allocated
 * before the patch have no shadow variable: their leak is reported, not fixed. On disable,
 * {@link ShadowFix1Callbacks#postUnpatch} frees the variables still attached (the cumulative-patches
 * advice: in post-unpatch, not at "module exit").
 *
 * <p>Run it, from the repository root (the service allocates every 500 ms, frees what expired every
 * 1.5 s, after 6 s):
 * <pre>
 *   mvn -B -q -DskipTests package      # samples/target/patches/shadow/livepatch-shadow-fix1.jar
 *   java -cp samples/target/classes io.jlivepatch.samples.shadow.DummyService 500 &gt; service.log &amp;
 *   ./jlivepatch load DummyService samples/target/patches/shadow/livepatch-shadow-fix1.jar
 *   jlivepatch: enabling patch 'livepatch-shadow-fix1'
 *   jlivepatch: 'livepatch-shadow-fix1': starting patching transition
 *   jlivepatch: 'livepatch-shadow-fix1': patching complete
 *   jlivepatch: patch 'livepatch-shadow-fix1' is enabled in process 11248 (io.jlivepatch.samples.shadow.DummyService) (sha256 4ab4a1cf...)
 *   ./jlivepatch disable DummyService livepatch-shadow-fix1     # some seconds later
 *   jlivepatch: 'livepatch-shadow-fix1': starting unpatching transition
 *   jlivepatch: 'livepatch-shadow-fix1': unpatching complete
 *   jlivepatch: patch 'livepatch-shadow-fix1' is disabled and removed from process 11248 (io.jlivepatch.samples.shadow.DummyService)
 * </pre>
 * {@code service.log} of that run (identities and times vary; "..." marks lines left out):
 * <pre>
 *   livepatch_shadow_mod: dummy_alloc: dummy @ 6b95977, expires @ 6501
 *   livepatch_shadow_mod: dummy_alloc: dummy @ 6d06d69c, expires @ 7025
 *   livepatch_shadow_mod: dummy_alloc: dummy @ 4e25154f, expires @ 7525
 *   livepatch_shadow_mod: cleanup: 3 leaks open
 *   ...
 *   livepatch_shadow_mod: cleanup: 9 leaks open                          (the load)
 *   livepatch_shadow_fix1: livepatch_fix1_dummy_alloc: dummy @ 2f0e140b, expires @ 11054
 *   ...
 *   livepatch_shadow_fix1: livepatch_fix1_dummy_free: dummy @ 6b95977 leaked!
 *   livepatch_shadow_fix1: livepatch_fix1_dummy_free: dummy @ 6d06d69c leaked!
 *   livepatch_shadow_fix1: livepatch_fix1_dummy_free: dummy @ 4e25154f leaked!
 *   livepatch_shadow_mod: cleanup: 15 leaks open
 *   ...
 *   livepatch_shadow_mod: cleanup: 21 leaks open
 *   livepatch_shadow_fix1: livepatch_fix1_dummy_alloc: dummy @ 8efb846, expires @ 17200
 *   livepatch_shadow_fix1: livepatch_fix1_dummy_alloc: dummy @ a09ee92, expires @ 17701
 *   livepatch_shadow_fix1: livepatch_fix1_dummy_alloc: dummy @ 452b3a41, expires @ 18201
 *   livepatch_shadow_fix1: livepatch_fix1_dummy_leak_dtor: dummy @ 2f0e140b, prevented leak @ 29453f44
 *   livepatch_shadow_fix1: livepatch_fix1_dummy_leak_dtor: dummy @ 5451c3a8, prevented leak @ 27c170f0
 *   livepatch_shadow_fix1: livepatch_fix1_dummy_leak_dtor: dummy @ 5a07e868, prevented leak @ 2626b418
 *   livepatch_shadow_mod: cleanup: 21 leaks open                         (no longer growing)
 *   livepatch_shadow_fix1: livepatch_fix1_dummy_alloc: dummy @ 63961c42, expires @ 18720
 *   livepatch_shadow_fix1: livepatch_fix1_dummy_alloc: dummy @ 1be6f5c3, expires @ 19221
 *   livepatch_shadow_fix1: livepatch_fix1_dummy_leak_dtor: dummy @ 5acf9800, prevented leak @ 3fee733d
 *   ...                                                                  (the disable: post-unpatch
 *   livepatch_shadow_fix1: livepatch_fix1_dummy_leak_dtor: dummy @ 452b3a41, prevented leak @ 30f39991
 *   livepatch_shadow_mod: dummy_alloc: dummy @ 38af3868, expires @ 19726    closes the leaks of the
 *   livepatch_shadow_mod: dummy_free: dummy @ 2c7b84de, expired = 12688     dummies still alive)
 *   livepatch_shadow_mod: cleanup: 10 leaks open
 * </pre>
 * The leaks stop growing once the dummies of the original code are gone; after the disable only
 * the original code's leaks are open (9 before the load, one since). Without the CLI, the agent
 * option {@code patches=<dir>} enables every jar of a directory when the agent is loaded:
 * {@code jcmd DummyService JVMTI.agent_load $PWD/agent/target/jlivepatch-agent.jar
 * '"patches=samples/target/patches/shadow,log=stderr"'}. {@code SamplePatchesIT} runs this scenario
 * and checks it: every remembered leak is closed exactly once, only old dummies leak, and no
 * remembered leak is left open after the disable.
 */
@TargetClass("io.jlivepatch.samples.shadow.DummyService")
public final class ShadowFix1 {

    /** The shadow variable id of a dummy's leak; ids are global, so pick one your patches own. */
    static final long SV_LEAK = 1;

    private ShadowFix1() {}

    @Replace(isStatic = true)
    static Dummy dummyAlloc(long expirePeriod) {
        Dummy d = new Dummy(DummyService.now() + expirePeriod);
        Leak leak = DummyService.openLeak();
        // Patch: save the leak in a SV_LEAK shadow variable, so that the patched free can close it.
        Shadow.alloc(d, SV_LEAK, dummy -> leak);
        DummyService.print("livepatch_shadow_fix1: livepatch_fix1_dummy_alloc: dummy @ " + DummyService.id(d)
                + ", expires @ " + d.expires);
        return d;
    }

    @Replace(isStatic = true)
    static void dummyFree(Dummy d) {
        // Patch: fetch the saved leak, detach it and close it. Dummies allocated before this patch
        // have none.
        Leak leak = Shadow.get(d, SV_LEAK);
        if (leak != null) {
            Shadow.free(d, SV_LEAK, ShadowFix1::leakDtor);
        } else {
            DummyService.print("livepatch_shadow_fix1: livepatch_fix1_dummy_free: dummy @ " + DummyService.id(d)
                    + " leaked!");
        }
    }

    /*
     * The same destructor is in ShadowFix1Callbacks: replacement code (a hidden nestmate of the
     * target) and callbacks (in the patch class loader) cannot call each other's classes.
     */
    private static void leakDtor(Dummy d, Leak leak) {
        DummyService.print("livepatch_shadow_fix1: livepatch_fix1_dummy_leak_dtor: dummy @ " + DummyService.id(d)
                + ", prevented leak @ " + DummyService.id(leak));
        DummyService.closeLeak(leak);
    }
}
