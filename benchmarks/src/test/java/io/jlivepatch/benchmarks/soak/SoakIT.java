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
    void sixtyCyclesLeakNoPatch() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(List.of(java, "-XX:NativeMemoryTracking=summary",
                "-Djava.util.logging.config.file=/dev/null",
                "-javaagent:" + System.getProperty("jlivepatch.agent.jar"),
                "-cp", System.getProperty("jlivepatch.benchmarks.jar"),
                SoakHarness.class.getName(), "--cycles", "60", "--warmup", "20", "--every", "20",
                // A short run is still settling (docs/performance.md "Soak": JIT and method-handle
                // classes and metadata for the first few hundred cycles, NMT's noise of megabytes), so
                // it holds what a leak of patches would break: loaders +5 (each cycle makes two),
                // classes +200 and metaspace +1.5 MiB (a leak would be 4 classes and ~30 KiB a cycle,
                // 240 and 1.8 MiB here), heap +4 MiB, and every cycle's behaviour and callbacks.
                "--max-classes", "200", "--max-metaspace-kib", "1536", "--max-native-bytes-per-command", "-1"))
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(540, TimeUnit.SECONDS), output);
        System.out.println(output);
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains("soak: OK"), output);
    }
}
