package io.jlivepatch.agent.options;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The one grammar for agent arguments ({@code -javaagent:jlivepatch-agent.jar=ARGS}, and the
 * arguments the CLI passes on attach): comma-separated {@code key=value} pairs, keys in lower case.
 *
 * <table>
 *   <caption>Keys</caption>
 *   <tr><th>key</th><th>meaning</th><th>default</th></tr>
 *   <tr><td>{@code patches}</td><td>a directory whose {@code *.jar} patches are enabled at start, in file-name order</td><td>none</td></tr>
 *   <tr><td>{@code log}</td><td>{@code stderr}: also print every message, debug lines included, on standard error</td><td>only {@code System.Logger}</td></tr>
 * </table>
 *
 * <p>Immutable and thread-safe.
 */
public final class AgentOptions {

    public static final String PATCHES = "patches";
    public static final String LOG = "log";

    private static final Set<String> KEYS = Set.of(PATCHES, LOG);

    private final Map<String, String> values;

    private AgentOptions(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    /**
     * Parses {@code text}; {@code null} or empty means no options.
     *
     * @throws IllegalArgumentException naming the bad pair and the keys that exist
     */
    public static AgentOptions parse(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        if (text != null && !text.isBlank()) {
            for (String pair : text.split(",")) {
                int eq = pair.indexOf('=');
                String key = eq < 0 ? pair.trim() : pair.substring(0, eq).trim();
                if (eq < 0 || !KEYS.contains(key)) {
                    throw new IllegalArgumentException("jlivepatch: bad agent option '" + pair
                            + "': expected key=value with key one of " + KEYS);
                }
                values.put(key, pair.substring(eq + 1).trim());
            }
        }
        String log = values.get(LOG);
        if (log != null && !log.equals("stderr")) {
            throw new IllegalArgumentException("jlivepatch: bad agent option 'log=" + log + "': the only value is stderr");
        }
        return new AgentOptions(values);
    }

    /** The value of {@code key}, or {@code null}. */
    public String get(String key) {
        return values.get(key);
    }

    /** Whether every message should also go to standard error. */
    public boolean logToStderr() {
        return "stderr".equals(values.get(LOG));
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        values.forEach((k, v) -> text.append(text.length() == 0 ? "" : ",").append(k).append('=').append(v));
        return text.toString();
    }
}
