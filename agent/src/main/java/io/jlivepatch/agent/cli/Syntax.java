package io.jlivepatch.agent.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The grammar of one verb, declared once and used for everything the CLI says about it: its
 * positional arguments, its {@link Option}s in synopsis order, the forms it comes in (the options
 * each form requires), options that exclude each other, a description and its exit codes. {@link Args}
 * parses a command line against it, {@link Usage} writes its synopsis and help page from it, and
 * {@link #usageError} words every usage error the same way for every verb.
 *
 * <p>Adding an option to a verb is one declaration: an {@link Option} constant listed in the verb's
 * {@code Syntax}; the parser, the synopsis, the help page and the error wording follow from it.
 *
 * <p>Immutable and thread-safe (each {@code with} method returns a copy; all are built once, in
 * static initializers).
 */
final class Syntax {

    /**
     * A positional argument.
     *
     * @param name its name, written {@code <name>} in the synopsis
     * @param help its help line
     * @param optional whether it may be left out (only the last ones may)
     */
    record Positional(String name, String help, boolean optional) {}

    /**
     * One exit code of a verb and what it means for that verb (architecture §6).
     *
     * @param code the exit code
     * @param meaning what it means
     */
    record Exit(int code, String meaning) {
        static final Exit DONE = new Exit(0, "done");
        static final Exit REFUSED = new Exit(Failure.REFUSED, "refused or failed; the target is unchanged");
        static final Exit USAGE = new Exit(Failure.USAGE,
                "usage: unknown option, missing or unexpected argument, malformed value");
        static final Exit TIMEOUT = new Exit(Failure.TIMEOUT,
                "the transition did not complete within --timeout (reversed unless --keep-on-timeout)");
    }

    private final String verb;
    private final String description;
    private final List<Positional> positionals;
    private final List<Option<?>> options;
    private final List<List<Option<?>>> forms;
    private final List<List<Option<?>>> conflicts;
    private final List<Exit> exits;

    private Syntax(String verb, String description, List<Positional> positionals, List<Option<?>> options,
                   List<List<Option<?>>> forms, List<List<Option<?>>> conflicts, List<Exit> exits) {
        this.verb = verb;
        this.description = description;
        this.positionals = List.copyOf(positionals);
        this.options = List.copyOf(options);
        this.forms = List.copyOf(forms);
        this.conflicts = List.copyOf(conflicts);
        this.exits = List.copyOf(exits);
    }

    /**
     * A verb with no arguments yet, which exits 0 when done and 2 on a usage error.
     *
     * @param verb the word on the command line
     * @param description what it does, for its help page (lines of at most 100 characters)
     */
    static Syntax of(String verb, String description) {
        return new Syntax(verb, description, List.of(), List.of(), List.of(List.of()), List.of(),
                List.of(Exit.DONE, Exit.USAGE));
    }

    /** This syntax with one more (required) positional argument. */
    Syntax positional(String name, String help) {
        return positional(new Positional(name, help, false));
    }

    /** This syntax with one more positional argument that may be left out. */
    Syntax optionalPositional(String name, String help) {
        return positional(new Positional(name, help, true));
    }

    private Syntax positional(Positional positional) {
        if (!positional.optional() && positionals.stream().anyMatch(Positional::optional)) {
            throw new IllegalArgumentException("a required argument after an optional one: " + positional.name());
        }
        List<Positional> all = new ArrayList<>(positionals);
        all.add(positional);
        return new Syntax(verb, description, all, options, forms, conflicts, exits);
    }

    /** This syntax with {@code more} options, written in this order in the synopsis and the help. */
    Syntax options(Option<?>... more) {
        List<Option<?>> all = new ArrayList<>(options);
        for (Option<?> option : more) {
            for (Option<?> known : all) {
                if (known.name().equals(option.name())) {
                    throw new IllegalArgumentException(verb + " declares " + option + " twice");
                }
            }
            all.add(option);
        }
        return new Syntax(verb, description, positionals, all, forms, conflicts, exits);
    }

    /**
     * This syntax with one more form: a way to use the verb that requires {@code required} (one
     * synopsis line each). Without a form, the verb requires no option.
     */
    Syntax form(Option<?>... required) {
        List<List<Option<?>>> all = new ArrayList<>(forms.size() == 1 && forms.get(0).isEmpty() ? List.of() : forms);
        all.add(List.of(required));
        return new Syntax(verb, description, positionals, options, all, conflicts, exits);
    }

    /** This syntax where {@code a} and {@code b} may not be given together. */
    Syntax conflict(Option<?> a, Option<?> b) {
        List<List<Option<?>>> all = new ArrayList<>(conflicts);
        all.add(List.of(a, b));
        return new Syntax(verb, description, positionals, options, forms, all, exits);
    }

    /** This syntax with exactly these exit codes, in this order. */
    Syntax exits(Exit... codes) {
        return new Syntax(verb, description, positionals, options, forms, conflicts, List.of(codes));
    }

    String verb() {
        return verb;
    }

    String description() {
        return description;
    }

    List<Positional> positionals() {
        return positionals;
    }

    List<Option<?>> options() {
        return options;
    }

    /** The options each form requires. */
    List<List<Option<?>>> forms() {
        return forms;
    }

    /** Pairs of options that exclude each other. */
    List<List<Option<?>>> conflicts() {
        return conflicts;
    }

    List<Exit> exits() {
        return exits;
    }

    /** The option spelled {@code word}, or {@code null}. */
    Option<?> option(String word) {
        for (Option<?> option : options) {
            if (option.isSpelled(word)) {
                return option;
            }
        }
        return null;
    }

    /** One synopsis line per form, such as {@code jlivepatch list <pid> [--json]}. */
    List<String> synopsis() {
        List<String> lines = new ArrayList<>();
        for (List<Option<?>> form : forms) {
            StringBuilder line = new StringBuilder("jlivepatch ").append(verb);
            for (Positional positional : positionals) {
                line.append(positional.optional() ? " [<" + positional.name() + ">]" : " <" + positional.name() + ">");
            }
            for (Option<?> option : options) {
                if (form.contains(option)) {
                    line.append(' ').append(option.synopsis());
                } else if (!excludedBy(option, form)) {
                    line.append(" [").append(option.synopsis()).append(']').append(option.isRepeatable() ? "..." : "");
                }
            }
            lines.add(line.toString());
        }
        return lines;
    }

    /** Whether {@code option} conflicts with an option that {@code form} requires. */
    private boolean excludedBy(Option<?> option, List<Option<?>> form) {
        for (List<Option<?>> pair : conflicts) {
            if ((pair.get(0).equals(option) && form.contains(pair.get(1)))
                    || (pair.get(1).equals(option) && form.contains(pair.get(0)))) {
                return true;
            }
        }
        return false;
    }

    /**
     * A usage error (exit 2), worded the same for every verb: the problem, the synopsis and where
     * the help is.
     * <pre>
     * jlivepatch load: missing &lt;patch.jar&gt;
     * usage: jlivepatch load &lt;pid&gt; &lt;patch.jar&gt; [--timeout &lt;seconds&gt;] [--keep-on-timeout] [--json]
     * run 'jlivepatch load --help' for details
     * </pre>
     */
    Failure usageError(String problem) {
        return Failure.usage("jlivepatch " + verb + ": " + problem + "\nusage: " + String.join("\n       ", synopsis())
                + "\nrun 'jlivepatch " + verb + " --help' for details");
    }

    /** Whether {@code words} ask for help ({@code -h} or {@code --help} before any {@code --}). */
    static boolean asksForHelp(List<String> words) {
        for (String word : words) {
            if (word.equals("--")) {
                return false;
            }
            if (Set.of("-h", "--help").contains(word)) {
                return true;
            }
        }
        return false;
    }
}
