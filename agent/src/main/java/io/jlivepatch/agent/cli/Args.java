package io.jlivepatch.agent.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A command line parsed against a {@link Verb}: positional arguments in order, and options, which
 * may come anywhere after the verb ({@code --timeout 5} or {@code --timeout=5}); {@code --} ends
 * the options. Hand-written so that the agent jar shades no CLI library.
 *
 * <p>Immutable and thread-safe.
 */
final class Args {

    private final Verb verb;
    private final List<String> positionals;
    private final Set<String> flags;
    private final Map<String, String> values;

    private Args(Verb verb, List<String> positionals, Set<String> flags, Map<String, String> values) {
        this.verb = verb;
        this.positionals = List.copyOf(positionals);
        this.flags = Set.copyOf(flags);
        this.values = Map.copyOf(values);
    }

    /**
     * Parses the words after the verb.
     *
     * @throws Failure with {@link Failure#USAGE} for an unknown option, a missing value, a missing
     *     or an extra argument, naming it and the verb's help
     */
    static Args parse(Verb verb, List<String> words) throws Failure {
        List<String> positionals = new ArrayList<>();
        Set<String> flags = new HashSet<>();
        Map<String, String> values = new HashMap<>();
        boolean optionsEnded = false;
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            if (optionsEnded || !word.startsWith("--") || word.equals("-")) {
                positionals.add(word);
                continue;
            }
            if (word.equals("--")) {
                optionsEnded = true;
                continue;
            }
            int eq = word.indexOf('=');
            String option = eq < 0 ? word : word.substring(0, eq);
            if (verb.flags().contains(option)) {
                if (eq >= 0) {
                    throw usage(verb, "option " + option + " takes no value");
                }
                flags.add(option);
            } else if (verb.valued().contains(option)) {
                String value;
                if (eq >= 0) {
                    value = word.substring(eq + 1);
                } else if (i + 1 < words.size()) {
                    value = words.get(++i);
                } else {
                    throw usage(verb, "option " + option + " needs a value");
                }
                values.put(option, value);
            } else {
                throw usage(verb, "unknown option " + option);
            }
        }
        if (positionals.size() < verb.positionals().size()) {
            throw usage(verb, "missing <" + verb.positionals().get(positionals.size()) + ">");
        }
        if (positionals.size() > verb.positionals().size()) {
            throw usage(verb, "unexpected argument '" + positionals.get(verb.positionals().size()) + "'");
        }
        return new Args(verb, positionals, flags, values);
    }

    static Failure usage(Verb verb, String problem) {
        return Failure.usage("jlivepatch " + verb.word() + ": " + problem + "\nusage: " + Usage.synopsis(verb)
                + "\nrun 'jlivepatch " + verb.word() + " --help' for details");
    }

    /** The positional argument named {@code name} in the verb's grammar. */
    String positional(String name) {
        return positionals.get(verb.positionals().indexOf(name));
    }

    boolean flag(String option) {
        return flags.contains(option);
    }

    /**
     * The {@code --timeout} value in milliseconds, or {@code defaultSeconds} if absent.
     *
     * @throws Failure with {@link Failure#USAGE} if it is not a non-negative number of seconds
     */
    long timeoutMillis(long defaultSeconds) throws Failure {
        String text = values.get("--timeout");
        if (text == null) {
            return defaultSeconds * 1000;
        }
        try {
            double seconds = Double.parseDouble(text);
            if (seconds >= 0 && seconds <= 24 * 3600 && !Double.isNaN(seconds)) {
                return Math.round(seconds * 1000);
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw usage(verb, "--timeout needs a number of seconds from 0 to 86400, got '" + text + "'");
    }
}
