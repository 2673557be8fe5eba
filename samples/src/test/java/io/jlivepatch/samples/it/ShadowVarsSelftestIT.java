package io.jlivepatch.samples.it;

import static io.jlivepatch.samples.it.Transcripts.assertTranscript;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The kernel's {@code test-shadow-vars.sh}, ported (livepatch-semantics §8, case 17): the module
 * {@code test_klp_shadow_vars} exercises {@link io.jlivepatch.api.Shadow} from its init, in a
 * target with the agent (which defines the API in the boot loader), and its lines must be the
 * kernel's expected text, line for line.
 */
class ShadowVarsSelftestIT {

    private static final String MOD = "test_klp_shadow_vars";

    /** The kernel's expected text, with {@code $MOD_TEST} spelled out. */
    private static final String EXPECTED = """
            $MOD_TEST: klp_shadow_get(obj=PTR1, id=0x1234) = PTR0
            $MOD_TEST:   got expected NULL result
            $MOD_TEST: shadow_ctor: PTR3 -> PTR2
            $MOD_TEST: klp_shadow_get_or_alloc(obj=PTR1, id=0x1234, size=8, gfp_flags=GFP_KERNEL), ctor=PTR4, ctor_data=PTR2 = PTR3
            $MOD_TEST: shadow_ctor: PTR6 -> PTR5
            $MOD_TEST: klp_shadow_alloc(obj=PTR1, id=0x1235, size=8, gfp_flags=GFP_KERNEL), ctor=PTR4, ctor_data=PTR5 = PTR6
            $MOD_TEST: shadow_ctor: PTR8 -> PTR7
            $MOD_TEST: klp_shadow_alloc(obj=PTR9, id=0x1234, size=8, gfp_flags=GFP_KERNEL), ctor=PTR4, ctor_data=PTR7 = PTR8
            $MOD_TEST: shadow_ctor: PTR11 -> PTR10
            $MOD_TEST: klp_shadow_alloc(obj=PTR9, id=0x1235, size=8, gfp_flags=GFP_KERNEL), ctor=PTR4, ctor_data=PTR10 = PTR11
            $MOD_TEST: shadow_ctor: PTR13 -> PTR12
            $MOD_TEST: klp_shadow_get_or_alloc(obj=PTR14, id=0x1234, size=8, gfp_flags=GFP_KERNEL), ctor=PTR4, ctor_data=PTR12 = PTR13
            $MOD_TEST: shadow_ctor: PTR16 -> PTR15
            $MOD_TEST: klp_shadow_alloc(obj=PTR14, id=0x1235, size=8, gfp_flags=GFP_KERNEL), ctor=PTR4, ctor_data=PTR15 = PTR16
            $MOD_TEST: klp_shadow_get(obj=PTR1, id=0x1234) = PTR3
            $MOD_TEST:   got expected PTR3 -> PTR2 result
            $MOD_TEST: klp_shadow_get(obj=PTR1, id=0x1235) = PTR6
            $MOD_TEST:   got expected PTR6 -> PTR5 result
            $MOD_TEST: klp_shadow_get(obj=PTR9, id=0x1234) = PTR8
            $MOD_TEST:   got expected PTR8 -> PTR7 result
            $MOD_TEST: klp_shadow_get(obj=PTR9, id=0x1235) = PTR11
            $MOD_TEST:   got expected PTR11 -> PTR10 result
            $MOD_TEST: klp_shadow_get(obj=PTR14, id=0x1234) = PTR13
            $MOD_TEST:   got expected PTR13 -> PTR12 result
            $MOD_TEST: klp_shadow_get(obj=PTR14, id=0x1235) = PTR16
            $MOD_TEST:   got expected PTR16 -> PTR15 result
            $MOD_TEST: klp_shadow_get_or_alloc(obj=PTR1, id=0x1234, size=8, gfp_flags=GFP_KERNEL), ctor=PTR4, ctor_data=PTR2 = PTR3
            $MOD_TEST:   got expected PTR3 -> PTR2 result
            $MOD_TEST: klp_shadow_get_or_alloc(obj=PTR9, id=0x1234, size=8, gfp_flags=GFP_KERNEL), ctor=PTR4, ctor_data=PTR7 = PTR8
            $MOD_TEST:   got expected PTR8 -> PTR7 result
            $MOD_TEST: klp_shadow_get_or_alloc(obj=PTR14, id=0x1234, size=8, gfp_flags=GFP_KERNEL), ctor=PTR4, ctor_data=PTR12 = PTR13
            $MOD_TEST:   got expected PTR13 -> PTR12 result
            $MOD_TEST: shadow_dtor(obj=PTR1, shadow_data=PTR3)
            $MOD_TEST: klp_shadow_free(obj=PTR1, id=0x1234, dtor=PTR17)
            $MOD_TEST: klp_shadow_get(obj=PTR1, id=0x1234) = PTR0
            $MOD_TEST:   got expected NULL result
            $MOD_TEST: shadow_dtor(obj=PTR9, shadow_data=PTR8)
            $MOD_TEST: klp_shadow_free(obj=PTR9, id=0x1234, dtor=PTR17)
            $MOD_TEST: klp_shadow_get(obj=PTR9, id=0x1234) = PTR0
            $MOD_TEST:   got expected NULL result
            $MOD_TEST: shadow_dtor(obj=PTR14, shadow_data=PTR13)
            $MOD_TEST: klp_shadow_free(obj=PTR14, id=0x1234, dtor=PTR17)
            $MOD_TEST: klp_shadow_get(obj=PTR14, id=0x1234) = PTR0
            $MOD_TEST:   got expected NULL result
            $MOD_TEST: klp_shadow_get(obj=PTR1, id=0x1235) = PTR6
            $MOD_TEST:   got expected PTR6 -> PTR5 result
            $MOD_TEST: klp_shadow_get(obj=PTR9, id=0x1235) = PTR11
            $MOD_TEST:   got expected PTR11 -> PTR10 result
            $MOD_TEST: klp_shadow_get(obj=PTR14, id=0x1235) = PTR16
            $MOD_TEST:   got expected PTR16 -> PTR15 result
            $MOD_TEST: klp_shadow_free_all(id=0x1235, dtor=PTR0)
            $MOD_TEST: klp_shadow_get(obj=PTR1, id=0x1235) = PTR0
            $MOD_TEST:   got expected NULL result
            $MOD_TEST: klp_shadow_get(obj=PTR9, id=0x1235) = PTR0
            $MOD_TEST:   got expected NULL result
            $MOD_TEST: klp_shadow_get(obj=PTR14, id=0x1235) = PTR0
            $MOD_TEST:   got expected NULL result
            """;

    @Test
    void basicShadowVariableApi() throws Exception {
        try (TargetJvm target = TargetJvm.withAgent("shadow-vars", "log=stderr")) {
            target.run("insmod " + MOD);
            target.run("rmmod " + MOD);
            List<String> expected = new ArrayList<>();
            expected.add("% insmod " + MOD);
            EXPECTED.lines().forEach(line -> expected.add(line.replace("$MOD_TEST", MOD)));
            expected.add("test: ok");
            expected.add("% rmmod " + MOD);
            expected.add("test: ok, loader collected");
            assertTranscript(expected, target.transcriptFrom("% insmod " + MOD), Path.of("/nowhere"));
        }
    }
}
