package io.jlivepatch.agent.cli;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The CLI's verbs and their grammar (architecture §6): positional arguments, flags, and options
 * that take a value. {@link Args} parses a command line against one of them; {@link Usage} prints
 * their help.
 *
 * <p>Immutable and thread-safe.
 */
enum Verb {
    LOAD(List.of("pid", "patch.jar"), Set.of("--keep-on-timeout", "--json"), Set.of("--timeout")),
    DISABLE(List.of("pid", "patch-name"), Set.of("--json"), Set.of("--timeout")),
    FORCE(List.of("pid", "patch-name"), Set.of(), Set.of()),
    LIST(List.of("pid"), Set.of("--json"), Set.of()),
    PS(List.of(), Set.of("--json"), Set.of()),
    BUILD(List.of(), Set.of(), Set.of()),
    DEMO(List.of(), Set.of(), Set.of()),
    HELP(List.of(), Set.of(), Set.of());

    private final List<String> positionals;
    private final Set<String> flags;
    private final Set<String> valued;

    Verb(List<String> positionals, Set<String> flags, Set<String> valued) {
        this.positionals = positionals;
        this.flags = flags;
        this.valued = valued;
    }

    /** The names of the positional arguments, in order. */
    List<String> positionals() {
        return positionals;
    }

    /** Options without a value. */
    Set<String> flags() {
        return flags;
    }

    /** Options that take a value ({@code --timeout 5} or {@code --timeout=5}). */
    Set<String> valued() {
        return valued;
    }

    /** The word on the command line. */
    String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The verb spelled {@code word}, or {@code null}. */
    static Verb of(String word) {
        for (Verb verb : values()) {
            if (verb.word().equals(word)) {
                return verb;
            }
        }
        return null;
    }
}
