package io.jlivepatch.agent.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A command line parsed against a verb's {@link Syntax}: positional arguments in order, and the
 * options' values, converted. Options may come anywhere after the verb ({@code --timeout 5} or
 * {@code --timeout=5}); {@code --} ends the options. Every problem is a usage error (exit 2) worded
 * by {@link Syntax#usageError}. Hand-written, so that the agent jar (which sits on the target's
 * class path) shades no CLI library.
 *
 * <p>Immutable and thread-safe.
 */
final class Args {

    private final Syntax syntax;
    private final List<String> positionals;
    private final Map<Option<?>, List<Object>> values;

    private Args(Syntax syntax, List<String> positionals, Map<Option<?>, List<Object>> values) {
        this.syntax = syntax;
        this.positionals = List.copyOf(positionals);
        this.values = Map.copyOf(values);
    }

    /**
     * Parses the words after the verb.
     *
     * @throws Failure with {@link Failure#USAGE} for an unknown option, a missing or malformed
     *     value, a missing or an extra argument, options that exclude each other, or an option a
     *     form requires, naming it
     */
    static Args parse(Syntax syntax, List<String> words) throws Failure {
        List<String> positionals = new ArrayList<>();
        Map<Option<?>, List<Object>> values = new HashMap<>();
        boolean optionsEnded = false;
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            if (optionsEnded || !isOptionWord(word)) {
                positionals.add(word);
                continue;
            }
            if (word.equals("--")) {
                optionsEnded = true;
                continue;
            }
            int eq = word.startsWith("--") ? word.indexOf('=') : -1;
            String spelling = eq < 0 ? word : word.substring(0, eq);
            Option<?> option = syntax.option(spelling);
            if (option == null) {
                throw syntax.usageError("unknown option " + spelling);
            }
            if (values.containsKey(option) && !option.isRepeatable()) {
                throw syntax.usageError("option " + option + " given twice");
            }
            String text;
            if (!option.takesValue()) {
                if (eq >= 0) {
                    throw syntax.usageError("option " + spelling + " takes no value");
                }
                text = "";
            } else if (eq >= 0) {
                text = word.substring(eq + 1);
            } else if (i + 1 < words.size() && !words.get(i + 1).startsWith("--")) {
                text = words.get(++i);
            } else {
                throw syntax.usageError("option " + spelling + " needs a value");
            }
            Object value;
            try {
                value = option.convert(text);
            } catch (IllegalArgumentException e) {
                throw syntax.usageError(e.getMessage());
            }
            values.computeIfAbsent(option, o -> new ArrayList<>()).add(value);
        }
        checkPositionals(syntax, positionals);
        checkConflicts(syntax, values);
        checkForms(syntax, values);
        return new Args(syntax, positionals, values);
    }

    /** {@code --name}, {@code --name=value}, {@code --}, or a short option such as {@code -o}; not {@code -}. */
    private static boolean isOptionWord(String word) {
        return word.startsWith("--") || (word.length() == 2 && word.charAt(0) == '-' && Character.isLetter(word.charAt(1)));
    }

    private static void checkPositionals(Syntax syntax, List<String> given) throws Failure {
        List<Syntax.Positional> declared = syntax.positionals();
        if (given.size() > declared.size()) {
            throw syntax.usageError("unexpected argument '" + given.get(declared.size()) + "'");
        }
        for (int i = given.size(); i < declared.size(); i++) {
            if (!declared.get(i).optional()) {
                throw syntax.usageError("missing <" + declared.get(i).name() + ">");
            }
        }
    }

    private static void checkConflicts(Syntax syntax, Map<Option<?>, List<Object>> values) throws Failure {
        for (List<Option<?>> pair : syntax.conflicts()) {
            if (values.containsKey(pair.get(0)) && values.containsKey(pair.get(1))) {
                throw syntax.usageError(pair.get(0) + " and " + pair.get(1) + " cannot be used together");
            }
        }
    }

    /** Names the first option missing from the form that misses the fewest (the first such form). */
    private static void checkForms(Syntax syntax, Map<Option<?>, List<Object>> values) throws Failure {
        Option<?> firstMissing = null;
        int fewest = Integer.MAX_VALUE;
        for (List<Option<?>> form : syntax.forms()) {
            List<Option<?>> missing = new ArrayList<>();
            for (Option<?> option : syntax.options()) {
                if (form.contains(option) && !values.containsKey(option)) {
                    missing.add(option);
                }
            }
            if (missing.isEmpty()) {
                return;
            }
            if (missing.size() < fewest) {
                fewest = missing.size();
                firstMissing = missing.get(0);
            }
        }
        throw syntax.usageError("missing " + firstMissing.synopsis());
    }

    /** The positional argument named {@code name}, or {@code null} for an optional one left out. */
    String positional(String name) {
        List<Syntax.Positional> declared = syntax.positionals();
        for (int i = 0; i < declared.size(); i++) {
            if (declared.get(i).name().equals(name)) {
                return i < positionals.size() ? positionals.get(i) : null;
            }
        }
        throw new IllegalArgumentException("jlivepatch " + syntax.verb() + " has no argument <" + name + ">");
    }

    /** Whether the flag was given ({@code false} too for a verb that does not declare it). */
    boolean flag(Option<Boolean> flag) {
        return values.containsKey(flag);
    }

    /** The option's value, or {@code absent} if it was not given. */
    <T> T value(Option<T> option, T absent) {
        List<T> all = values(option);
        return all.isEmpty() ? absent : all.get(0);
    }

    /** The option's value, or {@code null} if it was not given. */
    <T> T value(Option<T> option) {
        return value(option, null);
    }

    /** Every value of a repeatable option, in command-line order. */
    @SuppressWarnings("unchecked") // values holds only what option.convert returned
    <T> List<T> values(Option<T> option) {
        List<Object> given = values.get(option);
        return given == null ? List.of() : (List<T>) List.copyOf(given);
    }
}
