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
 * <p>Run it (the service allocates every 500 ms, frees what expired every 1.5 s, after 6 s):
 * <pre>
 *   mvn -B -q -DskipTests package      # samples/target/patches/shadow/livepatch-shadow-fix1.jar
 *   java -cp samples/target/classes io.jlivepatch.samples.shadow.DummyService 500 &amp;
 *   ./jlivepatch load DummyService samples/target/patches/shadow/livepatch-shadow-fix1.jar
 *   # the same without the CLI: the agent enables every jar of a directory when it is loaded
 *   jcmd DummyService JVMTI.agent_load $PWD/agent/target/jlivepatch-agent.jar \
 *       '"patches=samples/target/patches/shadow,log=stderr"'
 *   ./jlivepatch disable DummyService livepatch-shadow-fix1
 * </pre>
 * The service's output after the load, from a run of the jcmd line above (identities and times vary;
 * "..." marks lines left out):
 * <pre>
 *   livepatch_shadow_mod: dummy_alloc: dummy @ 6b95977, expires @ 6502
 *   livepatch_shadow_mod: dummy_alloc: dummy @ 6d06d69c, expires @ 7048
 *   livepatch_shadow_mod: dummy_alloc: dummy @ 4e25154f, expires @ 7548
 *   livepatch_shadow_mod: cleanup: 3 leaks open
 *   ...
 *   jlivepatch: enabling patch 'livepatch-shadow-fix1'
 *   jlivepatch: 'livepatch-shadow-fix1': initializing patching transition
 *   livepatch_shadow_mod: dummy_alloc: dummy @ 266474c2, expires @ 10080
 *   jlivepatch: 'livepatch-shadow-fix1': starting patching transition
 *   jlivepatch: 'livepatch-shadow-fix1': completing patching transition
 *   jlivepatch: 'livepatch-shadow-fix1': patching complete
 *   livepatch_shadow_fix1: livepatch_fix1_dummy_alloc: dummy @ a09ee92, expires @ 10615
 *   livepatch_shadow_mod: cleanup: 9 leaks open
 *   ...
 *   livepatch_shadow_fix1: livepatch_fix1_dummy_free: dummy @ 6b95977 leaked!
 *   livepatch_shadow_fix1: livepatch_fix1_dummy_free: dummy @ 6d06d69c leaked!
 *   livepatch_shadow_fix1: livepatch_fix1_dummy_free: dummy @ 4e25154f leaked!
 *   livepatch_shadow_mod: cleanup: 15 leaks open
 *   ...
 *   livepatch_shadow_fix1: livepatch_fix1_dummy_free: dummy @ 266474c2 leaked!
 *   livepatch_shadow_fix1: livepatch_fix1_dummy_leak_dtor: dummy @ a09ee92, prevented leak @ 6f94fa3e
 *   livepatch_shadow_mod: cleanup: 20 leaks open
 *   ...
 *   livepatch_shadow_mod: cleanup: 20 leaks open
 *   livepatch_shadow_mod: cleanup: 20 leaks open
 * </pre>
 * The leaks stop growing once the dummies of the original code (266474c2 was allocated while the
 * transition started) are gone. The disable, from {@code SamplePatchesIT}'s run: post-unpatch closes
 * the leaks of the dummies still alive, then the original code runs again.
 * <pre>
 *   jlivepatch: 'livepatch-shadow-fix1': initializing unpatching transition
 *   jlivepatch: 'livepatch-shadow-fix1': starting unpatching transition
 *   jlivepatch: 'livepatch-shadow-fix1': completing unpatching transition
 *   livepatch_shadow_fix1: livepatch_fix1_dummy_leak_dtor: dummy @ 54be0e3f, prevented leak @ 730fa075
 *   ...
 *   livepatch_shadow_fix1: livepatch_fix1_dummy_leak_dtor: dummy @ 13735a53, prevented leak @ 36ca4d1c
 *   jlivepatch: 'livepatch-shadow-fix1': unpatching complete
 *   livepatch_shadow_mod: dummy_alloc: dummy @ 1803695, expires @ 2102
 * </pre>
 * ({@code log=stderr} prints the {@code jlivepatch:} lines in the service's own output; the CLI
 * prints them for the operation it ran.) {@code SamplePatchesIT} runs this scenario.
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
