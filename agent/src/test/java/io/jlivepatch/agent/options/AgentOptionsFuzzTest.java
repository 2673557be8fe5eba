package io.jlivepatch.agent.options;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlivepatch.agent.control.Command;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Hostile agent arguments: a seeded generator of strings built from the grammar's own pieces (keys,
 * {@code =}, {@code ,}, {@code %2C}, {@code %25}, stray {@code %}, blanks, non-ASCII, long runs). The
 * properties: {@link AgentOptions#parse} and {@link Command#from} either accept or throw
 * {@link IllegalArgumentException}, nothing else; and any options the CLI builds read back equal
 * ({@code parse(of(values).toString())}), whatever the values hold.
 *
 * <p>Bounded for CI by {@code -Djlivepatch.fuzz.seconds} (default 2) from {@code -Djlivepatch.fuzz.seed}.
 */
class AgentOptionsFuzzTest {

    private static final long SECONDS = Long.getLong("jlivepatch.fuzz.seconds", 2);
    private static final long SEED = Long.getLong("jlivepatch.fuzz.seed", 0x5eed);
    private static final List<String> PIECES = List.of("patches", "watch", "watchperiod", "log", "trust", "command",
            "patch", "name", "sha256", "id", "version", "user", "clientpid", "bogus", "=", "=", ",", ",", "%2C",
            "%2c", "%25", "%", "%2", " ", "\t", "true", "false", "10", "-1", "99999999999999999999", "stderr", "load",
            "disable", "force", "reverse", "/tmp/a b.jar", "é", "\u0000", "\uD83D\uDE00", "\uD800", "x".repeat(5000));

    @Test
    void anyTextIsParsedOrRefusedWithIllegalArgumentException() {
        Random random = new Random(SEED);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
        long executions = 0;
        long accepted = 0;
        while (System.nanoTime() < deadline) {
            StringBuilder text = new StringBuilder();
            int pieces = random.nextInt(24);
            for (int i = 0; i < pieces; i++) {
                text.append(random.nextInt(10) == 0 ? (char) random.nextInt(0x3000) : PIECES.get(random.nextInt(PIECES.size())));
            }
            try {
                AgentOptions options = AgentOptions.parse(text.toString());
                Command.from(options);
                options.watchPeriodMillis();
                accepted++;
            } catch (IllegalArgumentException expected) {
                // the documented refusal
            }
            executions++;
        }
        System.out.println("AgentOptionsFuzzTest: " + executions + " executions in " + SECONDS + " s (seed " + SEED
                + "), " + accepted + " accepted");
        assertTrue(executions > 1000 && accepted > 0 && accepted < executions, executions + " / " + accepted);
    }

    @Test
    void whatTheCliBuildsReadsBackEqual() {
        Random random = new Random(SEED + 1);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
        List<String> keys = List.of(AgentOptions.PATCH, AgentOptions.NAME, AgentOptions.SHA256, AgentOptions.ID,
                AgentOptions.USER, AgentOptions.TRUST, AgentOptions.PATCHES);
        while (System.nanoTime() < deadline) {
            Map<String, String> values = new LinkedHashMap<>();
            for (String key : keys) {
                if (random.nextBoolean()) {
                    StringBuilder value = new StringBuilder("v");
                    for (int i = random.nextInt(8); i > 0; i--) {
                        value.append(PIECES.get(random.nextInt(PIECES.size() - 1)));
                    }
                    values.put(key, value.append('v').toString()); // no leading or trailing blank: parse trims
                }
            }
            AgentOptions built = AgentOptions.of(values);
            assertEquals(values, AgentOptions.parse(built.toString()).values(), built::toString);
        }
    }
}
