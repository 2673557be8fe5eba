package io.jlivepatch.samples.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jlivepatch.samples.patches.GreetV1;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Coexistence with another retransform-capable agent instrumenting the same classes: the JaCoCo
 * agent, loaded before or after ours. Patching works, and our disable leaves JaCoCo's
 * instrumentation in place (its probes still record: the class still carries {@code $jacocoData}).
 */
class JacocoCoexistenceIT {

    private static final String JACOCO = System.getProperty("jlivepatch.jacoco.jar", "target/it-libs/jacocoagent.jar");

    @TempDir
    Path dir;

    @ParameterizedTest(name = "jacocoFirst={0}")
    @ValueSource(booleans = {true, false})
    void patchingWorksAlongsideJacocoInBothOrders(boolean jacocoFirst) throws Exception {
        Path v1 = new PatchJars(dir).jar("fix-v1", false, GreetV1.class);
        String jacoco = "-javaagent:" + Path.of(JACOCO).toAbsolutePath() + "=output=none,includes=io.jlivepatch.samples.*";
        String ours = "-javaagent:" + TargetJvm.AGENT_JAR.toAbsolutePath();
        String[] agents = jacocoFirst ? new String[] {jacoco, ours} : new String[] {ours, jacoco};
        try (TargetJvm target = TargetJvm.withJvmArgs("jacoco-" + jacocoFirst, agents)) {
            assertEquals("jacoco = true", target.run("call jacoco"));
            assertEquals("greet = hello world", target.run("call greet"));
            assertEquals("ok", target.run("enable " + v1));
            assertEquals("greet = v1 world", target.run("call greet"));
            assertEquals("jacoco = true", target.run("call jacoco"));
            assertEquals("ok", target.run("disable fix-v1"));
            assertEquals("greet = hello world", target.run("call greet"));
            assertEquals("jacoco = true", target.run("call jacoco"), "JaCoCo's instrumentation survives our disable");
        }
    }
}
