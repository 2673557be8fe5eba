package io.jlivepatch.agent.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code jlivepatch} command line (the agent jar's {@code Main-Class}, run by the root
 * {@code ./jlivepatch} script): {@code load}, {@code disable}, {@code force}, {@code list},
 * {@code ps}, {@code build}, {@code demo} and {@code help}, with {@code --help} everywhere
 * (architecture §6). Every verb's command line is parsed against its {@link Syntax} by the one
 * parser, {@link Args}. Runs in its own JVM, never in the target; it reaches targets through the
 * Attach API only.
 *
 * <p>Exit codes: 0 done; 1 refused or failed, nothing changed; 2 usage; 3 transition not complete
 * within the timeout.
 *
 * <p>Thread-safety: {@link #run} is meant for one thread (the CLI's main thread).
 */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        System.out.flush();
        System.exit(code);
    }

    /** Runs one command line and returns its exit code. */
    static int run(String[] argv, PrintStream out, PrintStream err) {
        Terminal terminal = new Terminal(out, err, System.console());
        Cli cli = Cli.of(terminal);
        List<String> args = Arrays.asList(argv);
        try {
            if (args.isEmpty()) {
                throw Failure.usage("jlivepatch: no verb given\n\n" + Usage.overview(cli.version()).stripTrailing());
            }
            String first = args.get(0);
            if (first.equals("--help") || first.equals("-h")) {
                terminal.line(Usage.overview(cli.version()).stripTrailing());
                return 0;
            }
            if (first.equals("--version")) {
                terminal.line("jlivepatch " + cli.version());
                return 0;
            }
            Verb verb = Verb.of(first);
            if (verb == null) {
                throw Failure.usage("jlivepatch: unknown verb '" + first + "': expected " + Verb.words()
                        + "; run 'jlivepatch --help'");
            }
            List<String> rest = args.subList(1, args.size());
            if (Syntax.asksForHelp(rest)) {
                terminal.line(Usage.help(verb.syntax()).stripTrailing());
                return 0;
            }
            return run(cli, verb, Args.parse(verb.syntax(), rest));
        } catch (Failure f) {
            terminal.error(f.getMessage().startsWith("jlivepatch") ? f.getMessage() : "jlivepatch: " + f.getMessage());
            return f.exitCode();
        }
    }

    private static int run(Cli cli, Verb verb, Args args) throws Failure {
        boolean json = args.flag(SharedSyntax.JSON);
        try {
            return verb.run(cli, args);
        } catch (Failure f) {
            if (json && f.exitCode() != Failure.USAGE) {
                // Scripts read stdout: give them the refusal as JSON too.
                cli.terminal().line(new io.jlivepatch.agent.control.json.JsonWriter().beginObject()
                        .name("exit").value(f.exitCode())
                        .name("result").value(f.exitCode() == Failure.TIMEOUT ? "timeout" : "refused")
                        .name("error").value(f.getMessage()).endObject().toString());
            }
            throw f;
        }
    }

    /** {@code help [<verb>]}: the overview, or one verb's page. */
    static int help(Cli cli, Args args) throws Failure {
        String word = args.positional("verb");
        if (word == null) {
            cli.terminal().line(Usage.overview(cli.version()).stripTrailing());
            return 0;
        }
        Verb about = Verb.of(word);
        if (about == null) {
            throw Usage.HELP.usageError("unknown verb '" + word + "': expected " + Verb.words());
        }
        cli.terminal().line(Usage.help(about.syntax()).stripTrailing());
        return 0;
    }
}
