package io.jlivepatch.benchmarks.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The suite's short soak: {@link SoakHarness} for 60 cycles (180 commands) in a forked JVM with the
 * agent jar and native memory tracking, its own limits applied; the long one is
 * {@code java -jar benchmarks/target/jlivepatch-benchmarks.jar soak} (docs/performance.md "Soak").
 */
class SoakIT {

    @Test
    @Timeout(600)
    void sixtyCyclesGrowNothing() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(List.of(java, "-XX:NativeMemoryTracking=summary",
                "-Djava.util.logging.config.file=/dev/null",
                "-javaagent:" + System.getProperty("jlivepatch.agent.jar"),
                "-cp", System.getProperty("jlivepatch.benchmarks.jar"),
                SoakHarness.class.getName(), "--cycles", "60", "--warmup", "20", "--every", "20",
                // Open finding (docs/performance.md "Soak"): metaspace grows by about 7 KiB a cycle over
                // the first hundred cycles and about 2 KiB a cycle after; the long soak holds the 1 MiB
                // limit over 1000 cycles and fails on it today. Here: a bound that still catches a leak
                // of patch classes (each cycle defines about 30 KiB of them).
                "--max-metaspace-kib", "1536"))
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(540, TimeUnit.SECONDS), output);
        System.out.println(output);
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains("soak: OK"), output);
    }
}
