package io.jlivepatch.samples.it;

import static io.jlivepatch.samples.it.Transcripts.assertTranscript;
import static io.jlivepatch.samples.it.Transcripts.disabled;
import static io.jlivepatch.samples.it.Transcripts.enabled;

import io.jlivepatch.samples.patches.GreetInt;
import io.jlivepatch.samples.patches.GreetV1;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernel's livepatch selftests ({@code tools/testing/selftests/livepatch/test-livepatch.sh}),
 * ported: the same steps, and the same message transcript compared line by line.
 */
class KernelSelftestsIT {

    @TempDir
    Path dir;

    /** test-livepatch.sh "basic function patching". */
    @Test
    void basicFunctionPatching() throws Exception {
        Path lp = new PatchJars(dir).jar("test_klp_livepatch", false, GreetV1.class);
        try (TargetJvm target = TargetJvm.withAgent("selftest-basic", "log=stderr")) {
            target.run("call greet");
            target.run("enable " + lp);
            target.run("call greet");
            target.run("disable test_klp_livepatch");
            target.run("call greet");
            assertTranscript(Transcripts.of(
                    "% enable <dir>/test_klp_livepatch.jar",
                    enabled("test_klp_livepatch"),
                    "test: ok",
                    "% call greet",
                    "test: greet = v1 world",
                    "% disable test_klp_livepatch",
                    disabled("test_klp_livepatch"),
                    "test: ok",
                    "% call greet",
                    "test: greet = hello world"), target.transcriptFrom("% enable " + lp), dir);
        }
    }

    /** test-livepatch.sh "multiple livepatches". */
    @Test
    void multipleLivepatches() throws Exception {
        PatchJars jars = new PatchJars(dir);
        Path lp = jars.jar("test_klp_livepatch", false, GreetV1.class);
        Path ar = jars.jar("test_klp_atomic_replace", false, GreetInt.class);
        try (TargetJvm target = TargetJvm.withAgent("selftest-multiple", "log=stderr")) {
            target.run("call greet");
            target.run("enable " + lp);
            target.run("call greet");
            target.run("enable " + ar);
            target.run("call greet");
            target.run("call greetInt");
            target.run("disable test_klp_atomic_replace");
            target.run("call greet");
            target.run("call greetInt");
            target.run("disable test_klp_livepatch");
            target.run("call greet");
            assertTranscript(Transcripts.of(
                    "% enable <dir>/test_klp_livepatch.jar",
                    enabled("test_klp_livepatch"),
                    "test: ok",
                    "% call greet",
                    "test: greet = v1 world",
                    "% enable <dir>/test_klp_atomic_replace.jar",
                    enabled("test_klp_atomic_replace"),
                    "test: ok",
                    "% call greet",
                    "test: greet = v1 world",
                    "% call greetInt",
                    "test: greetInt = patched x3",
                    "% disable test_klp_atomic_replace",
                    disabled("test_klp_atomic_replace"),
                    "test: ok",
                    "% call greet",
                    "test: greet = v1 world",
                    "% call greetInt",
                    "test: greetInt = hello x3",
                    "% disable test_klp_livepatch",
                    disabled("test_klp_livepatch"),
                    "test: ok",
                    "% call greet",
                    "test: greet = hello world"), target.transcriptFrom("% enable " + lp), dir);
        }
    }
}
