package io.jlivepatch.samples.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.awaitility.Awaitility.await;

import io.jlivepatch.agent.control.json.Json;
import io.jlivepatch.samples.patches.VirtualChainFixA;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Consistency on virtual threads, in forked JDK 25 targets with the agent: hundreds of virtual
 * threads that unmount inside f between reading their version and calling g, while a fix changing
 * both is flipped by enable/disable and by atomic replace; and virtual threads held inside patched
 * methods (parked, inside a monitor, running, pinned by a class initializer), named as blockers by
 * the CLI's {@code load --timeout} reply, {@code list --json} and the MBean, reversed and forced like
 * platform threads. Skipped when {@value CliJdkIT#JDK25} is missing.
 */
@Timeout(300)
class VirtualThreadIT {

    private static final Pattern RESULT = Pattern.compile(
            "test: calls=(\\d+) patched=(\\d+) mixed=(\\d+) exceptions=(\\d+) stalledCycles=(\\d+)"
            + " longestTransitionMillis=(\\d+) shortLivedThreads=(\\d+)");
    private static final String STRESS = "io.jlivepatch.samples.targets.VirtualStress";
    private static final String CHAIN = "io.jlivepatch.samples.targets.VirtualChain.";

    @TempDir
    Path dir;

    static String java25() {
        return Path.of(CliJdkIT.JDK25, "bin", "java").toString();
    }

    @BeforeAll
    static void needsJdk25() {
        Assumptions.assumeTrue(Files.isExecutable(Path.of(java25())),
                CliJdkIT.JDK25 + " is missing: the virtual-thread tests need a JDK 21+ target");
    }

    /**
     * Under {@code -Djdk.trackAllThreads=false} the JDK does not track the virtual threads started
     * with the Thread API: the agent says so, naming what a transition cannot see then.
     */
    @Test
    void untrackedVirtualThreadsAreNamedInAWarning() throws Exception {
        try (TargetJvm target = TargetJvm.ofMain("vthreads-untracked", java25(), "io.jlivepatch.samples.targets.TargetMain",
                "-Djdk.trackAllThreads=false", "-javaagent:" + TargetJvm.AGENT_JAR.toAbsolutePath())) {
            // Logged at start by the dormant agent's own thread (no patch has come yet), so polled.
            String warning = "jlivepatch: this JVM runs with -Djdk.trackAllThreads=false, so the"
                    + " virtual threads started directly with the Thread API (Thread.ofVirtual().start,"
                    + " Thread.startVirtualThread) cannot be listed";
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                    .until(() -> target.output().contains(warning));
        }
        try (TargetJvm target = TargetJvm.ofMain("vthreads-tracked", java25(), "io.jlivepatch.samples.targets.TargetMain",
                "-javaagent:" + TargetJvm.AGENT_JAR.toAbsolutePath())) {
            assertTrue(!target.output().contains("trackAllThreads"), target::output);
        }
    }

    private static List<String> agent() {
        return List.of("-javaagent:" + TargetJvm.AGENT_JAR.toAbsolutePath());
    }

    private static final Pattern HELD = Pattern.compile("held: threads=(\\d+)"
            + " enable blockers=(\\d+) named=(\\d+) consistent=(\\d+) mixed=(\\d+) exceptions=(\\d+) versions=(\\S+)"
            + " disable blockers=(\\d+) named=(\\d+) consistent=(\\d+) mixed=(\\d+) exceptions=(\\d+) versions=(\\S+)");
    private static final int HELD_THREADS = 200;

    /**
     * The bug this fixes, made certain: 200 virtual threads each make one call of f, and all of
     * them are parked inside it (unmounted) when an enable starts, and again when a disable starts
     * (inside the patched f then). Each transition is blocked by every one of them, named with its
     * frame in f, when its synchronous first pass returns; released, each finishes the version it
     * started (v0/v0, then A/A) and the transition completes. A driver that does not see them
     * mixes every one of the 400 calls: {@link #withoutTheListingTheHeldScenarioMixesEveryCall}.
     */
    @Test
    void virtualThreadsParkedInsideFNeverMixVersionsAcrossOneFlip() throws Exception {
        Matcher m = held("vthreads-one-flip", List.of());
        for (int direction = 0; direction < 2; direction++) {
            int g = 2 + direction * 6;
            String what = direction == 0 ? "enable" : "disable";
            assertEquals(HELD_THREADS, Integer.parseInt(m.group(g)), what + ": blockers of the first pass");
            assertEquals(HELD_THREADS, Integer.parseInt(m.group(g + 1)), what + ": held threads named in f");
            assertEquals(0, Integer.parseInt(m.group(g + 3)), what + ": calls that mixed old and new versions");
            assertEquals(0, Integer.parseInt(m.group(g + 4)), what + ": exceptions in the held calls");
            assertEquals(direction == 0 ? "{v0/v0=200}" : "{A/A=200}", m.group(g + 5), what);
        }
    }

    /**
     * The positive control of the test above, certain: with the listing broken on purpose
     * ({@code -Djdk.trackAllThreads=false}, the model's {@code VIRTUAL_A} mutation) the driver
     * sees none of the held threads, each transition completes in its first pass, and every
     * released call gets g's other version. So the harness sees the mix whenever the driver
     * misses the threads.
     */
    @Test
    void withoutTheListingTheHeldScenarioMixesEveryCall() throws Exception {
        Matcher m = held("vthreads-one-flip-untracked", List.of("-Djdk.trackAllThreads=false"));
        assertEquals("0 0 {v0/A=200}", m.group(2) + " " + m.group(3) + " " + m.group(7),
                "enable: blockers, named, and what the released calls answered");
        assertEquals("0 0 {A/v0=200}", m.group(8) + " " + m.group(9) + " " + m.group(13),
                "disable: blockers, named, and what the released calls answered");
        assertEquals(HELD_THREADS, Integer.parseInt(m.group(5)), "enable: mixed calls");
        assertEquals(HELD_THREADS, Integer.parseInt(m.group(11)), "disable: mixed calls");
    }

    private static Matcher held(String name, List<String> jvmArgs) throws Exception {
        List<String> args = new java.util.ArrayList<>(jvmArgs);
        args.addAll(agent());
        String output = TargetJvm.runMainOn(java25(), name, args, STRESS, 240, "held", "1",
                Integer.toString(HELD_THREADS), "0");
        Matcher m = HELD.matcher(output);
        assertTrue(m.find(), output);
        System.out.println(name + ": " + m.group());
        return m;
    }

    @Test
    void hundredsOfVirtualThreadsNeverMixVersionsAcrossEnableDisableFlips() throws Exception {
        long[] r = stress("vthreads-flip", "flip", 100, 300, 1_000);
        assertEquals(0, r[2], "calls that mixed old and new versions");
        assertEquals(0, r[3], "exceptions in the workers");
        assertEquals(0, r[4], "cycles in which no call completed");
        assertTrue(r[1] > 0, "no call ran the patched version");
        assertTrue(r[6] > 0, "no short-lived virtual thread was born and ended during the flips");
    }

    @Test
    void hundredsOfVirtualThreadsNeverMixVersionsAcrossAtomicReplaces() throws Exception {
        long[] r = stress("vthreads-replace", "replace", 200, 300, 1_000);
        assertEquals(0, r[2], "calls that mixed two versions");
        assertEquals(0, r[3], "exceptions in the workers");
        assertEquals(0, r[4], "cycles in which no call completed");
        assertTrue(r[1] > 0, "no call ran a patched version");
        assertTrue(r[6] > 0, "no short-lived virtual thread was born and ended during the replaces");
    }

    private static long[] stress(String name, String mode, int cycles, int threads, int pauseMicros) throws Exception {
        String output = TargetJvm.runMainOn(java25(), name, agent(), STRESS, 240, mode, Integer.toString(cycles),
                Integer.toString(threads), Integer.toString(pauseMicros));
        Matcher m = RESULT.matcher(output);
        assertTrue(m.find(), output);
        System.out.println(name + ": " + m.group());
        long[] r = new long[7];
        for (int i = 0; i < r.length; i++) {
            r[i] = Long.parseLong(m.group(i + 1));
        }
        return r;
    }

    /**
     * Five virtual threads held inside patched methods block the transition and are named with
     * their frames: by name, or by {@code #id} for the unnamed one. On timeout the transition is
     * reversed; kept, it is listed and forced. The threads then finish the versions they started.
     */
    @Test
    void virtualThreadsInsidePatchedMethodsBlockAndAreNamedThenReverseAndForceWork() throws Exception {
        Path fix = new PatchJars(dir).jar("fix-vchain", false, VirtualChainFixA.class);
        try (TargetJvm target = TargetJvm.ofMain("cli-vthreads", java25(), "io.jlivepatch.samples.targets.CliTarget",
                "-Djdk.virtualThreadScheduler.parallelism=4")) {
            String pid = Long.toString(target.pid());
            assertEquals("vchain = v0/v0", target.run("call vchain"));
            String holding = target.run("vhold");
            assertTrue(holding.startsWith("holding #"), holding);
            String unnamed = holding.substring("holding ".length());
            Map<String, String> expected = Map.of("vt-parked", CHAIN + "hold(", unnamed, CHAIN + "hold(",
                    "vt-locked", CHAIN + "holdLocked(", "vt-spin", CHAIN + "spin(", "vt-pinned", CHAIN + "hold(");
            try {
                CliRun reversed = CliRun.of("load", pid, fix.toString(), "--timeout", "1");
                assertEquals(3, reversed.exit(), reversed::toString);
                CliIT.assertInOrder(reversed.out(),
                        "jlivepatch: 'fix-vchain': patching transition not complete after 1 s; 5 threads remaining",
                        "jlivepatch: 'fix-vchain': reversing the transition",
                        "jlivepatch: 'fix-vchain': unpatching complete",
                        "jlivepatch: 'fix-vchain': transition reversed; the patch is not loaded, as before the command");
                for (Map.Entry<String, String> e : expected.entrySet()) {
                    assertTrue(reversed.out().contains("jlivepatch: " + e.getKey() + " is sleeping on function "
                            + e.getValue()), e + " in\n" + reversed);
                }
                assertEquals("vchain = v0/v0", target.run("call vchain"));

                CliRun kept = CliRun.of("load", pid, fix.toString(), "--timeout", "0.5", "--keep-on-timeout", "--json");
                assertEquals(3, kept.exit(), kept::toString);
                assertBlockers(expected, Json.parseObject(kept.out().trim()).get("blockers"));
                CliRun list = CliRun.of("list", pid, "--json");
                assertEquals(0, list.exit(), list::toString);
                @SuppressWarnings("unchecked")
                Map<String, Object> transition = (Map<String, Object>) Json.parseObject(list.out().trim()).get("transition");
                assertEquals(5L, ((Number) transition.get("remaining")).longValue(), transition::toString);
                assertBlockers(expected, transition.get("blockers"));
                String mbean = target.run("mbean-global");
                for (Map.Entry<String, String> e : expected.entrySet()) {
                    assertTrue(mbean.matches(".*[\\[ ]" + Pattern.quote(e.getKey() + ": ") + "\\S*"
                            + Pattern.quote(e.getValue()) + ".*"), e + " in\n" + mbean);
                }

                CliRun force = CliRun.of("force", pid, "fix-vchain");
                assertEquals(0, force.exit(), force::toString);
                CliIT.assertInOrder(force.out(), "jlivepatch: forcing remaining tasks to the patched state",
                        "jlivepatch: 'fix-vchain': patching complete");
                assertEquals("vchain = A/A", target.run("call vchain"));
            } finally {
                assertEquals("released {unnamed=v0, vt-locked=v0, vt-parked=v0, vt-pinned=v0, vt-spin=v0}",
                        target.run("vrelease"), "each thread finishes the version it was in");
            }
            assertEquals(0, CliRun.of("disable", pid, "fix-vchain").exit());
            assertEquals("vchain = v0/v0", target.run("call vchain"));
        }
    }

    private static void assertBlockers(Map<String, String> expected, Object blockers) {
        Map<String, String> named = new HashMap<>();
        for (Map<String, Object> b : CliIT.maps(blockers)) {
            named.put((String) b.get("thread"), (String) b.get("frame"));
        }
        assertEquals(expected.keySet(), named.keySet(), named::toString);
        for (Map.Entry<String, String> e : expected.entrySet()) {
            assertTrue(named.get(e.getKey()).startsWith(e.getValue()), e + " vs " + named);
        }
    }
}
