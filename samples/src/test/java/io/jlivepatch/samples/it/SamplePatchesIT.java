package io.jlivepatch.samples.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The sample patches of {@code samples/src/main} as Maven packages them
 * ({@code target/patches/...}), on the leaky sample service {@code DummyService}, run the way their
 * header comments describe (the enable and disable go through the target's console instead of the
 * CLI). The shadow fix must close every leak it remembered exactly once, report the leaks of
 * dummies allocated before it, and leave no remembered leak open after its disable.
 */
class SamplePatchesIT {

    private static final Path PATCHES = Path.of("target", "patches");
    private static final Pattern ALLOC = Pattern.compile("^(livepatch_shadow_mod: dummy_alloc|"
            + "livepatch_shadow_fix1: livepatch_fix1_dummy_alloc): dummy @ (\\w+),");
    private static final Pattern LEAKED = Pattern.compile("^livepatch_shadow_fix1: livepatch_fix1_dummy_free: dummy @ (\\w+) leaked!$");
    private static final Pattern PREVENTED = Pattern.compile(
            "^livepatch_shadow_fix1: livepatch_fix1_dummy_leak_dtor: dummy @ (\\w+), prevented leak @ \\w+$");
    private static final Pattern CLEANUP = Pattern.compile("^livepatch_shadow_mod: cleanup: (\\d+) leaks open$");

    private static List<String> lines(TargetJvm target) {
        return target.output().lines().toList();
    }

    private static long count(TargetJvm target, Pattern pattern) {
        return lines(target).stream().filter(l -> pattern.matcher(l).find()).count();
    }

    @Test
    void shadowFix1ClosesTheLeaksItRemembersAndReportsTheOthers() throws Exception {
        try (TargetJvm target = TargetJvm.withAgent("sample-shadow-fix1", "log=stderr")) {
            target.run("run_main io.jlivepatch.samples.shadow.DummyService 40");
            await().atMost(Duration.ofSeconds(30)).until(() -> count(target, ALLOC) >= 6);
            assertEquals("ok", target.run("enable " + PATCHES.resolve("shadow/livepatch-shadow-fix1.jar")));
            await().atMost(Duration.ofSeconds(30)).until(() -> count(target, LEAKED) >= 3 && count(target, PREVENTED) >= 3);
            assertEquals("ok", target.run("disable_lp livepatch-shadow-fix1"));
            int afterDisable = lines(target).indexOf("jlivepatch: 'livepatch-shadow-fix1': unpatching complete");
            await().atMost(Duration.ofSeconds(30)).until(() -> lines(target).stream().skip(afterDisable)
                    .anyMatch(l -> CLEANUP.matcher(l).find()));

            List<String> out = lines(target);
            Map<String, String> allocatedBy = new HashMap<>();
            int originalAllocs = 0;
            Integer leaksOpenAfterDisable = null;
            Map<String, Integer> prevented = new HashMap<>();
            List<String> leaked = new ArrayList<>();
            for (int i = 0; i < out.size(); i++) {
                String line = out.get(i);
                Matcher m;
                if ((m = ALLOC.matcher(line)).find()) {
                    allocatedBy.put(m.group(2), m.group(1));
                    if (m.group(1).startsWith("livepatch_shadow_mod")) {
                        originalAllocs++;
                    }
                } else if ((m = LEAKED.matcher(line)).find()) {
                    leaked.add(m.group(1));
                } else if ((m = PREVENTED.matcher(line)).find()) {
                    prevented.merge(m.group(1), 1, Integer::sum);
                } else if ((m = CLEANUP.matcher(line)).find() && i > afterDisable && leaksOpenAfterDisable == null) {
                    leaksOpenAfterDisable = Integer.parseInt(m.group(1));
                    assertEquals(originalAllocs, leaksOpenAfterDisable,
                            "after the disable only the original code's leaks are open:\n" + target.output());
                }
            }
            assertFalse(leaked.isEmpty());
            for (String id : leaked) {
                assertTrue(allocatedBy.get(id).startsWith("livepatch_shadow_mod"), "only dummies of the original code leak: " + id);
            }
            List<String> fixed = allocatedBy.entrySet().stream().filter(e -> e.getValue().startsWith("livepatch_shadow_fix1"))
                    .map(Map.Entry::getKey).sorted().toList();
            assertEquals(fixed, prevented.keySet().stream().sorted().toList(),
                    "every leak the fix remembered was closed, by its free or by post-unpatch's freeAll");
            assertTrue(prevented.values().stream().allMatch(n -> n == 1), "exactly once each: " + prevented);
            assertTrue(out.stream().skip(afterDisable).anyMatch(l -> l.startsWith("livepatch_shadow_mod: dummy_alloc")),
                    "the original code runs again");
        }
    }

    @Test
    void callbacksDemoRunsItsCallbacksInTheKernelsOrderWithItsState() throws Exception {
        String demo = "livepatch_callbacks_demo: ";
        String object = "io.jlivepatch.samples.shadow.DummyService -> LIVE";
        try (TargetJvm target = TargetJvm.withAgent("sample-callbacks-demo", "log=stderr")) {
            target.run("run_main io.jlivepatch.samples.shadow.DummyService 200");
            assertEquals("ok", target.run("insmod " + PATCHES.resolve("callbacks/livepatch-callbacks-demo.jar")));
            assertEquals("ok", target.run("disable_lp livepatch-callbacks-demo"));
            target.run("set_pre_patch_ret livepatch-callbacks-demo -19");
            String refused = target.run("insmod " + PATCHES.resolve("callbacks/livepatch-callbacks-demo.jar"));
            assertTrue(refused.contains("pre-patch callback failed for object 'io.jlivepatch.samples.shadow.DummyService':"
                    + " java.lang.IllegalStateException: pre_patch_ret=-19"), refused);

            List<String> lines = lines(target).stream()
                    .filter(l -> l.startsWith(demo) || l.startsWith("jlivepatch: "))
                    .map(l -> l.replaceAll("enabled at \\d+", "enabled at N")).toList();
            String p = "jlivepatch: 'livepatch-callbacks-demo': ";
            assertEquals(List.of(
                    "jlivepatch: enabling patch 'livepatch-callbacks-demo'",
                    p + "initializing patching transition",
                    demo + "pre_patch_callback: " + object,
                    p + "starting patching transition",
                    p + "completing patching transition",
                    demo + "post_patch_callback: " + object + " (data: enabled at N)",
                    p + "patching complete",
                    p + "initializing unpatching transition",
                    demo + "pre_unpatch_callback: " + object,
                    p + "starting unpatching transition",
                    p + "completing unpatching transition",
                    demo + "post_unpatch_callback: " + object + " (data: enabled at N)",
                    p + "unpatching complete",
                    "jlivepatch: enabling patch 'livepatch-callbacks-demo'",
                    p + "initializing patching transition",
                    demo + "pre_patch_callback: " + object,
                    "jlivepatch: pre-patch callback failed for object 'io.jlivepatch.samples.shadow.DummyService'",
                    "jlivepatch: failed to enable patch 'livepatch-callbacks-demo'",
                    p + "canceling patching transition, going to unpatch",
                    p + "completing unpatching transition",
                    p + "unpatching complete"), lines);
        }
    }
}
