package io.jlivepatch.agent.options;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The one grammar for agent arguments ({@code -javaagent:jlivepatch-agent.jar=ARGS}, and the
 * arguments the CLI passes on attach): comma-separated {@code key=value} pairs, keys in lower case.
 * In a value, {@code %2C} stands for a comma and {@code %25} for a percent sign (see
 * {@link #escape}); nothing else is decoded, so hand-typed paths keep their meaning.
 *
 * <table>
 *   <caption>Keys</caption>
 *   <tr><th>key</th><th>meaning</th><th>default</th></tr>
 *   <tr><td>{@code patches}</td><td>a directory whose {@code *.jar} patches are enabled at start, in file-name order</td><td>none</td></tr>
 *   <tr><td>{@code watch}</td><td>{@code true}: keep the {@code patches} directory as the desired state, polling it
 *       (jars added are loaded, jars removed are disabled); needs {@code patches}</td><td>{@code false}</td></tr>
 *   <tr><td>{@code watchperiod}</td><td>with {@code watch=true}: milliseconds between polls, at least
 *       {@value #MIN_WATCH_PERIOD_MILLIS}</td><td>{@value #DEFAULT_WATCH_PERIOD_MILLIS}</td></tr>
 *   <tr><td>{@code trust}</td><td>a PKCS12 store of trusted certificates (read without password): every patch must
 *       then be a jar signed, every entry, by one of them; fixed when the agent starts, a later attach cannot change
 *       it</td><td>patches are not checked</td></tr>
 *   <tr><td>{@code log}</td><td>{@code stderr}: also print every message, debug lines included, on standard error</td><td>only {@code System.Logger}</td></tr>
 *   <tr><td>{@code command}</td><td>a control-channel command the CLI sends with the attach: {@code load}, {@code disable},
 *       {@code force} or {@code reverse}; the keys below describe it</td><td>none</td></tr>
 *   <tr><td>{@code patch}</td><td>{@code load}: the patch jar's absolute path</td><td></td></tr>
 *   <tr><td>{@code name}</td><td>{@code disable}, {@code force}, {@code reverse}: the patch name</td><td></td></tr>
 *   <tr><td>{@code sha256}</td><td>{@code load}: the jar's SHA-256 as the CLI read it; the agent refuses a jar that changed since</td><td>not checked</td></tr>
 *   <tr><td>{@code id}</td><td>the reply's key, a nonce chosen by the CLI</td><td></td></tr>
 *   <tr><td>{@code version}</td><td>the CLI's version; a running agent of another version refuses the command</td><td>not checked</td></tr>
 *   <tr><td>{@code user}, {@code clientpid}</td><td>who asked (audit): OS user and process id of the CLI</td><td>unknown</td></tr>
 * </table>
 *
 * <p>Immutable and thread-safe.
 */
public final class AgentOptions {

    public static final String PATCHES = "patches";
    public static final String WATCH = "watch";
    public static final String WATCH_PERIOD = "watchperiod";
    public static final String LOG = "log";
    public static final String TRUST = "trust";
    public static final String COMMAND = "command";
    public static final String PATCH = "patch";
    public static final String NAME = "name";
    public static final String SHA256 = "sha256";
    public static final String ID = "id";
    public static final String VERSION = "version";
    public static final String USER = "user";
    public static final String CLIENT_PID = "clientpid";

    /** How often {@code watch=true} polls the directory unless {@code watchperiod} says otherwise. */
    public static final long DEFAULT_WATCH_PERIOD_MILLIS = 2_000;
    /** The shortest {@code watchperiod}: below it the polls would be most of what the scheduler thread does. */
    public static final long MIN_WATCH_PERIOD_MILLIS = 10;

    private static final Set<String> KEYS = Set.of(PATCHES, WATCH, WATCH_PERIOD, LOG, TRUST, COMMAND, PATCH, NAME, SHA256,
            ID, VERSION, USER, CLIENT_PID);

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
                values.put(key, unescape(pair.substring(eq + 1).trim()));
            }
        }
        String trust = values.get(TRUST);
        if (trust != null && trust.isEmpty()) {
            throw new IllegalArgumentException("jlivepatch: bad agent option 'trust=': expected the path of a PKCS12"
                    + " trust store");
        }
        String log = values.get(LOG);
        if (log != null && !log.equals("stderr")) {
            throw new IllegalArgumentException("jlivepatch: bad agent option 'log=" + log + "': the only value is stderr");
        }
        String watch = values.get(WATCH);
        if (watch != null && !watch.equals("true") && !watch.equals("false")) {
            throw new IllegalArgumentException("jlivepatch: bad agent option 'watch=" + watch
                    + "': expected true or false");
        }
        if ("true".equals(watch) && values.get(PATCHES) == null) {
            throw new IllegalArgumentException("jlivepatch: agent option watch=true needs patches=<dir>, the directory"
                    + " to watch");
        }
        String period = values.get(WATCH_PERIOD);
        if (period != null) {
            parsePeriod(period);
        }
        return new AgentOptions(values);
    }

    private static long parsePeriod(String text) {
        long millis;
        try {
            millis = Long.parseLong(text);
        } catch (NumberFormatException e) {
            millis = -1;
        }
        if (millis < MIN_WATCH_PERIOD_MILLIS) {
            throw new IllegalArgumentException("jlivepatch: bad agent option 'watchperiod=" + text
                    + "': expected a number of milliseconds, at least " + MIN_WATCH_PERIOD_MILLIS);
        }
        return millis;
    }

    /**
     * Options made from {@code values} (in their order), as the CLI builds them; {@link #toString}
     * gives the text that {@link #parse} reads back into equal values.
     *
     * @throws IllegalArgumentException for an unknown key
     */
    public static AgentOptions of(Map<String, String> values) {
        for (String key : values.keySet()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("jlivepatch: unknown agent option '" + key + "'");
            }
        }
        return new AgentOptions(new LinkedHashMap<>(values));
    }

    /** The value of {@code key}, or {@code null}. */
    public String get(String key) {
        return values.get(key);
    }

    /** Every key and value, in order. */
    public Map<String, String> values() {
        return values;
    }

    /** Whether the {@code patches} directory is watched ({@code watch=true}). */
    public boolean watch() {
        return "true".equals(values.get(WATCH));
    }

    /** Milliseconds between two polls of the watched directory. */
    public long watchPeriodMillis() {
        String period = values.get(WATCH_PERIOD);
        return period == null ? DEFAULT_WATCH_PERIOD_MILLIS : parsePeriod(period);
    }

    /** Whether every message should also go to standard error. */
    public boolean logToStderr() {
        return "stderr".equals(values.get(LOG));
    }

    /**
     * {@code value} with {@code %} and {@code ,} written as {@code %25} and {@code %2C}, so that it
     * survives the split at commas (a patch path may contain one). Leading and trailing blanks are
     * the one thing that does not survive: {@link #parse} trims them.
     */
    public static String escape(String value) {
        return value.replace("%", "%25").replace(",", "%2C");
    }

    static String unescape(String value) {
        if (value.indexOf('%') < 0) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '%' && i + 2 < value.length()) {
                String code = value.substring(i + 1, i + 3);
                if (code.equalsIgnoreCase("2C")) {
                    out.append(',');
                    i += 2;
                    continue;
                }
                if (code.equals("25")) {
                    out.append('%');
                    i += 2;
                    continue;
                }
            }
            out.append(c);
        }
        return out.toString();
    }

    /** The text {@link #parse} reads back into these options, values escaped. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        values.forEach((k, v) -> text.append(text.length() == 0 ? "" : ",").append(k).append('=').append(escape(v)));
        return text.toString();
    }
}
