package io.jlivepatch.samples.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlivepatch.samples.patches.BadShape;
import io.jlivepatch.samples.patches.BitSetFix;
import io.jlivepatch.samples.patches.FailFix;
import io.jlivepatch.samples.patches.GreetInt;
import io.jlivepatch.samples.patches.GreetV1;
import io.jlivepatch.samples.patches.GreetV2;
import io.jlivepatch.samples.patches.LateFix;
import io.jlivepatch.samples.patches.NoSuchMethod;
import io.jlivepatch.samples.patches.StringFix;
import io.jlivepatch.samples.patches.WrongDescriptor;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The foundation issue end to end: a real agent jar in forked JVMs, at startup and by dynamic
 * attach: enable, disable, stacking, overloads, classes loaded later, several loaders, failures that
 * change nothing, exceptions, private access, and a JDK class.
 */
class FoundationIT {

    @TempDir
    Path dir;

    private TargetJvm start(String name, boolean attach) throws Exception {
        if (attach) {
            TargetJvm target = TargetJvm.withoutAgent(name);
            target.attach("log=stderr");
            return target;
        }
        return TargetJvm.withAgent(name, "log=stderr");
    }

    @ParameterizedTest(name = "attach={0}")
    @ValueSource(booleans = {false, true})
    void enablePatchesAndDisableRestoresTheOriginal(boolean attach) throws Exception {
        Path v1 = new PatchJars(dir).jar("fix-v1", false, GreetV1.class);
        try (TargetJvm target = start("enable-disable-" + attach, attach)) {
            assertEquals("greet = hello world", target.run("call greet"));
            assertEquals("ok", target.run("enable " + v1));
            assertEquals("idle", target.run("idle"));
            assertEquals("greet = v1 world", target.run("call greet"));
            assertEquals("fix-v1+ order=1", target.run("list"));
            assertEquals("ok", target.run("disable fix-v1"));
            assertEquals("idle", target.run("idle"));
            assertEquals("greet = hello world", target.run("call greet"));
            assertEquals("no patches", target.run("list"));
        }
    }

    @Test
    void newestPatchWinsAndEitherCanBeDisabledFirst() throws Exception {
        PatchJars jars = new PatchJars(dir);
        Path v1 = jars.jar("fix-v1", false, GreetV1.class);
        Path v2 = jars.jar("fix-v2", false, GreetV2.class);
        try (TargetJvm target = start("stacking", false)) {
            target.run("enable " + v1);
            target.run("enable " + v2);
            assertEquals("greet = v2 world", target.run("call greet"));
            target.run("disable fix-v2");
            assertEquals("greet = v1 world", target.run("call greet"));
            target.run("enable " + v2);
            assertEquals("greet = v2 world", target.run("call greet"));
            assertEquals("ok", target.run("disable fix-v1"));
            assertEquals("greet = v2 world", target.run("call greet"), "disabling the older keeps the newest");
            assertEquals("fix-v2+ order=1", target.run("list"));
            target.run("disable fix-v2");
            assertEquals("greet = hello world", target.run("call greet"));
        }
    }

    @Test
    void overloadsAreToldApartByDescriptorAndStaticMethodsPatch() throws Exception {
        Path fix = new PatchJars(dir).jar("fix-int", false, GreetInt.class);
        try (TargetJvm target = start("overloads", false)) {
            target.run("enable " + fix);
            assertEquals("greetInt = patched x3", target.run("call greetInt"));
            assertEquals("greet = hello world", target.run("call greet"), "the String overload is untouched");
            assertEquals("twice = 63", target.run("call twice"));
        }
    }

    @Test
    void classLoadedAfterEnableIsPatchedAsItLoads() throws Exception {
        Path fix = new PatchJars(dir).jar("fix-late", false, LateFix.class);
        try (TargetJvm target = start("late", false)) {
            assertEquals("ok", target.run("enable " + fix));
            assertEquals("late = late patched", target.run("call late"));
            assertTrue(target.transcript().contains(
                    "jlivepatch: applying patch 'fix-late' to loading module 'io.jlivepatch.samples.targets.Late'"),
                    target.output());
            target.run("disable fix-late");
            assertEquals("late = late original", target.run("call late"));
        }
    }

    @Test
    void theRegistryKeepsNoPatchedClassLoaderAlive() throws Exception {
        Path fix = new PatchJars(dir).jar("fix-late", false, LateFix.class);
        try (TargetJvm target = start("unloading", false)) {
            target.run("enable " + fix);
            assertEquals("io.jlivepatch.samples.targets.Late loaded=false", target.run("objects"));
            assertEquals("lateInLoader = late patched", target.run("call lateInLoader"));
            assertEquals("io.jlivepatch.samples.targets.Late loaded=true", target.run("objects"));
            assertEquals("loader collected", target.run("gc"));
            assertEquals("io.jlivepatch.samples.targets.Late loaded=false", target.run("objects"));
        }
    }

    @ParameterizedTest(name = "attach={0}")
    @ValueSource(booleans = {false, true})
    void everyLoadersCopyIsPatched(boolean attach) throws Exception {
        Path v1 = new PatchJars(dir).jar("fix-v1", false, GreetV1.class);
        try (TargetJvm target = start("loaders-" + attach, attach)) {
            assertEquals("loader2 = hello copy", target.run("call loader2"));
            target.run("enable " + v1);
            assertEquals("greet = v1 world", target.run("call greet"));
            assertEquals("loader2 = v1 copy", target.run("call loader2"));
            target.run("disable fix-v1");
            assertEquals("loader2 = hello copy", target.run("call loader2"));
        }
    }

    @Test
    void anExceptionFromReplacementCodeReachesTheCallerUnchanged() throws Exception {
        Path fix = new PatchJars(dir).jar("fix-fail", false, FailFix.class);
        try (TargetJvm target = start("exception", false)) {
            target.run("enable " + fix);
            assertEquals("fail = threw java.lang.IllegalStateException: patched failure: now", target.run("call fail"));
        }
    }

    @Test
    void replacementCodeReadsPrivateFieldsAndCallsPrivateMethods() throws Exception {
        String name = "io.jlivepatch.samples.patches.PrivateFix";
        Path fix = new PatchJars(dir).jar("fix-private", false, Map.of(name, GeneratedPatches.privateAccess(name)));
        try (TargetJvm target = start("private", true)) {
            assertEquals("ok", target.run("enable " + fix));
            assertEquals("greet = [hello+world]", target.run("call greet"));
        }
    }

    @Test
    void aJdkMethodCanBePatched() throws Exception {
        Path fix = new PatchJars(dir).jar("fix-bitset", false, BitSetFix.class);
        try (TargetJvm target = start("jdk", true)) {
            assertEquals("bitset = 2", target.run("call bitset"));
            assertEquals("ok", target.run("enable " + fix));
            assertEquals("bitset = 1002", target.run("call bitset"));
            target.run("disable fix-bitset");
            assertEquals("bitset = 2", target.run("call bitset"));
        }
    }

    @Test
    void failuresNameTheCauseAndChangeNothing() throws Exception {
        PatchJars jars = new PatchJars(dir);
        Map<String, Path> bad = new LinkedHashMap<>();
        bad.put("io.jlivepatch.samples.targets.Greeter.vanish()Ljava/lang/String;",
                jars.jar("missing-method", false, GreetV1.class, NoSuchMethod.class));
        bad.put("io.jlivepatch.samples.targets.Greeter.greet(J)Ljava/lang/String;",
                jars.jar("wrong-descriptor", false, WrongDescriptor.class));
        bad.put("io.jlivepatch.samples.targets.Shape.area()D", jars.jar("abstract", false, BadShape.class));
        bad.put("java.lang.String", jars.jar("denied", false, StringFix.class));
        String unverifiable = "io.jlivepatch.samples.patches.Unverifiable";
        bad.put("io.jlivepatch.samples.targets.Greeter.greet(Ljava/lang/String;)Ljava/lang/String;",
                jars.jar("verify-error", false, Map.of(unverifiable, GeneratedPatches.unverifiable(unverifiable))));
        Path good = jars.jar("fix-v1", false, GreetV1.class);
        try (TargetJvm target = start("failures", false)) {
            target.run("call greet");
            target.run("load io.jlivepatch.samples.targets.Shape");
            for (Map.Entry<String, Path> e : bad.entrySet()) {
                String answer = target.run("enable " + e.getValue());
                assertTrue(answer.startsWith("error:") && answer.contains(e.getKey()),
                        e.getValue().getFileName() + " should fail naming " + e.getKey() + ", got: " + answer);
                assertEquals("greet = hello world", target.run("call greet"), "unchanged after " + e.getValue());
                assertEquals("no patches", target.run("list"));
            }
            assertEquals("ok", target.run("enable " + good));
            String duplicate = target.run("enable " + good);
            assertTrue(duplicate.startsWith("error:") && duplicate.contains("'fix-v1' is already enabled"), duplicate);
            assertEquals("greet = v1 world", target.run("call greet"));
        }
    }
}
