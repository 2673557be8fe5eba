package io.jlivepatch.agent.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * The CLI's help, written from the verbs' {@link Syntax}: the overview ({@code jlivepatch --help})
 * and one page per verb ({@code jlivepatch <verb> --help}, {@code jlivepatch help <verb>}), every
 * page in the same layout: synopsis, description, arguments, options, exit codes.
 *
 * <p>Stateless and thread-safe.
 */
final class Usage {

    /** The verb {@code help} itself. */
    static final Syntax HELP = Syntax.of("help", "Prints the overview, or the help page of one verb.")
            .optionalPositional("verb", "one of the verbs above; without it, the overview");

    private Usage() {}

    static String overview(String version) {
        StringBuilder text = new StringBuilder("jlivepatch " + version + ": kernel-style live patching for running JVMs\n\n");
        text.append("usage:\n");
        for (Verb verb : Verb.values()) {
            if (verb != Verb.HELP) {
                verb.syntax().synopsis().forEach(line -> text.append("  ").append(line).append('\n'));
            }
        }
        text.append("  jlivepatch --help | <verb> --help | help [<verb>] | --version\n\n");
        text.append("<pid> is ").append(SharedSyntax.PID.help()).append(".\n");
        text.append("The CLI talks to a process through the JDK's Attach API only: same OS user, no network.\n\n");
        text.append("exit codes:\n");
        exitLines(List.of(Syntax.Exit.DONE, Syntax.Exit.REFUSED, Syntax.Exit.USAGE, Syntax.Exit.TIMEOUT), text);
        text.append("\nRun 'jlivepatch <verb> --help' for details.\n");
        return text.toString();
    }

    static String help(Syntax syntax) {
        StringBuilder text = new StringBuilder("usage: ").append(String.join("\n       ", syntax.synopsis())).append("\n\n");
        text.append(syntax.description()).append('\n');
        List<String[]> arguments = new ArrayList<>();
        for (Syntax.Positional positional : syntax.positionals()) {
            arguments.add(new String[] {"<" + positional.name() + ">", positional.help()});
        }
        List<String[]> options = new ArrayList<>();
        for (Option<?> option : syntax.options()) {
            String help = option.help();
            if (option.isRepeatable()) {
                int end = help.indexOf('\n') < 0 ? help.length() : help.indexOf('\n');
                help = help.substring(0, end) + " (repeatable)" + help.substring(end);
            }
            options.add(new String[] {option.helpName(), help});
        }
        options.add(new String[] {"-h, --help", "this text"});
        int width = 0;
        for (String[] row : arguments) {
            width = Math.max(width, row[0].length());
        }
        for (String[] row : options) {
            width = Math.max(width, row[0].length());
        }
        if (!arguments.isEmpty()) {
            text.append("\narguments:\n");
            rows(arguments, width, text);
        }
        text.append("\noptions:\n");
        rows(options, width, text);
        text.append("\nexit codes:\n");
        exitLines(syntax.exits(), text);
        return text.toString();
    }

    private static void rows(List<String[]> rows, int width, StringBuilder text) {
        String indent = " ".repeat(2 + width + 3);
        for (String[] row : rows) {
            text.append("  ").append(row[0]).append(" ".repeat(width - row[0].length() + 3))
                    .append(row[1].replace("\n", "\n" + indent)).append('\n');
        }
    }

    private static void exitLines(List<Syntax.Exit> exits, StringBuilder text) {
        for (Syntax.Exit exit : exits) {
            text.append("  ").append(exit.code()).append("  ").append(exit.meaning()).append('\n');
        }
    }
}
