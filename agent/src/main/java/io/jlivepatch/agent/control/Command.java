package io.jlivepatch.agent.control;

import io.jlivepatch.agent.options.AgentOptions;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One control-channel command, as the CLI sends it in the agent arguments of
 * {@code VirtualMachine.loadAgent} (the {@code command=...} keys of {@link AgentOptions}), and as an
 * MBean operation or the startup directory hands it to the {@link CommandExecutor}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param kind what to do
 * @param patch {@link Kind#LOAD}: the patch jar's absolute path; otherwise {@code null}
 * @param name the patch name for disable, force and reverse; {@code null} for load
 * @param sha256 {@link Kind#LOAD}: the jar's SHA-256 as the requester read it, or {@code null} for no check
 * @param id the reply's key, or {@code null} for no published reply
 * @param version the requester's jlivepatch version, or {@code null} for no check
 * @param requester who asked, for the audit
 */
public record Command(Kind kind, String patch, String name, String sha256, String id, String version,
                      Requester requester) {

    /** The commands. */
    public enum Kind {
        /** Read a patch jar and enable it (starts the patching transition). */
        LOAD,
        /** Disable a patch (starts its unpatching transition, or reverses its transition). */
        DISABLE,
        /** Force the transition of a patch. */
        FORCE,
        /** Reverse the transition of a patch if, and only if, it is still in progress (the CLI's timeout). */
        REVERSE;

        /** The lower-case word used on the wire and in the audit. */
        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Who asked for a command: OS user, process id and channel ({@code cli}, {@code jmx},
     * {@code patches=<dir>} at startup, {@code watch <dir>} for the watched directory).
     *
     * @param user the OS user name, or {@code "?"}
     * @param pid the requesting process id, or {@code -1}
     * @param via the channel
     */
    public record Requester(String user, long pid, String via) {
        @Override
        public String toString() {
            return "user '" + user + "'" + (pid < 0 ? "" : " pid " + pid) + " via " + via;
        }
    }

    /**
     * The command in {@code options}, or {@code null} if they hold none.
     *
     * @throws IllegalArgumentException for an unknown command or a missing key, naming it
     */
    public static Command from(AgentOptions options) {
        String word = options.get(AgentOptions.COMMAND);
        if (word == null) {
            return null;
        }
        Kind kind;
        try {
            kind = Kind.valueOf(word.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("jlivepatch: unknown command '" + word + "': expected load, disable, force or reverse");
        }
        String patch = options.get(AgentOptions.PATCH);
        String name = options.get(AgentOptions.NAME);
        if (kind == Kind.LOAD ? patch == null : name == null) {
            throw new IllegalArgumentException("jlivepatch: command " + word + " needs "
                    + (kind == Kind.LOAD ? AgentOptions.PATCH : AgentOptions.NAME) + "=...");
        }
        long pid;
        try {
            pid = Long.parseLong(options.values().getOrDefault(AgentOptions.CLIENT_PID, "-1"));
        } catch (NumberFormatException e) {
            pid = -1;
        }
        Requester requester = new Requester(options.values().getOrDefault(AgentOptions.USER, "?"), pid, "cli");
        return new Command(kind, patch, name, options.get(AgentOptions.SHA256), options.get(AgentOptions.ID),
                options.get(AgentOptions.VERSION), requester);
    }

    /** The agent options that {@link #from} reads back into this command. */
    public AgentOptions toOptions() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(AgentOptions.COMMAND, kind.word());
        put(values, AgentOptions.PATCH, patch);
        put(values, AgentOptions.NAME, name);
        put(values, AgentOptions.SHA256, sha256);
        put(values, AgentOptions.ID, id);
        put(values, AgentOptions.VERSION, version);
        put(values, AgentOptions.USER, requester.user());
        if (requester.pid() >= 0) {
            values.put(AgentOptions.CLIENT_PID, Long.toString(requester.pid()));
        }
        return AgentOptions.of(values);
    }

    private static void put(Map<String, String> values, String key, String value) {
        if (value != null) {
            values.put(key, value);
        }
    }

    /** What the command is about: the patch name, or the jar path for a load. */
    public String subject() {
        return name != null ? name : patch;
    }
}
