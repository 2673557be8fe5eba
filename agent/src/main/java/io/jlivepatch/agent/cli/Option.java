package io.jlivepatch.agent.cli;

import java.util.Objects;

/**
 * One option of a verb, declared once: its spelling (and short alias), the label of its value (none
 * for a flag), what a value must be, whether it may be repeated, and its help line. {@link Syntax}
 * lists a verb's options; {@link Args} parses them from the command line (both {@code --timeout 5}
 * and {@code --timeout=5}); {@link Usage} writes the synopsis and the help from the same
 * declaration, so neither can drift from the parser.
 *
 * <p>Immutable and thread-safe.
 *
 * @param <T> the type of the parsed value ({@link Boolean} for a flag)
 */
final class Option<T> {

    /**
     * Turns the text of a value into the value.
     *
     * @param <T> the type of the value
     */
    @FunctionalInterface
    interface Conversion<T> {
        /**
         * The value for {@code text}.
         *
         * @throws IllegalArgumentException if {@code text} is not one (the parser then names the
         *     option and what it {@linkplain #expected() expects})
         */
        T convert(String text);
    }

    private final String name;
    private final String alias;
    private final String label;
    private final String expected;
    private final Conversion<T> conversion;
    private final boolean repeatable;
    private final String help;

    private Option(String name, String alias, String label, String expected, Conversion<T> conversion,
                   boolean repeatable, String help) {
        this.name = name;
        this.alias = alias;
        this.label = label;
        this.expected = expected;
        this.conversion = conversion;
        this.repeatable = repeatable;
        this.help = help;
    }

    /** An option without a value, such as {@code --json}. */
    static Option<Boolean> flag(String name, String help) {
        return new Option<>(name, null, null, null, text -> Boolean.TRUE, false, help);
    }

    /**
     * An option with a value, such as {@code --timeout <seconds>}.
     *
     * @param label the value's name in the synopsis, such as {@code <seconds>}
     * @param expected what a value must be, for the error on a malformed one ("--timeout needs
     *     {@code expected}, got 'x'"), such as {@code a number of seconds from 0 to 86400}
     */
    static <T> Option<T> value(String name, String label, String expected, Conversion<T> conversion, String help) {
        return new Option<>(name, null, label, expected, Objects.requireNonNull(conversion), false, help);
    }

    /** This option, also spelled {@code alias} (a short form such as {@code -o}). */
    Option<T> alias(String alias) {
        return new Option<>(name, alias, label, expected, conversion, repeatable, help);
    }

    /** This option, allowed more than once; {@link Args#values} gives every value in order. */
    Option<T> repeatable() {
        return new Option<>(name, alias, label, expected, conversion, true, help);
    }

    /** The long spelling, such as {@code --timeout}. */
    String name() {
        return name;
    }

    /** Whether {@code word} spells this option. */
    boolean isSpelled(String word) {
        return word.equals(name) || word.equals(alias);
    }

    /** Whether it takes a value. */
    boolean takesValue() {
        return label != null;
    }

    boolean isRepeatable() {
        return repeatable;
    }

    /** The help line's text. */
    String help() {
        return help;
    }

    /** How the synopsis writes it: {@code --json}, {@code --timeout <seconds>}, {@code -o <patch.jar>}. */
    String synopsis() {
        String spelling = alias != null && alias.length() == 2 ? alias : name;
        return label == null ? spelling : spelling + " " + label;
    }

    /** How the help writes it: {@code -o, --output <patch.jar>}. */
    String helpName() {
        String spellings = alias == null ? name : alias + ", " + name;
        return label == null ? spellings : spellings + " " + label;
    }

    /**
     * Converts the text of a value.
     *
     * @throws IllegalArgumentException with the problem in the CLI's words
     */
    T convert(String text) {
        try {
            return conversion.convert(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " needs " + expected + ", got '" + text + "'", e);
        }
    }

    /** Options are one by their long spelling: a verb may restate a shared option with its own help line. */
    @Override
    public boolean equals(Object other) {
        return other instanceof Option<?> option && option.name.equals(name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return name;
    }
}
