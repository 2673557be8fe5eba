package io.jlivepatch.agent.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code jlivepatch} command line (the agent jar's {@code Main-Class}, run by the root
 * {@code ./jlivepatch} script): {@code load}, {@code disable}, {@code force}, {@code list},
 * {@code ps}, and {@code --help} everywhere (architecture §6). Runs in its own JVM, never in the
 * target; it reaches targets through the Attach API only.
 *
 * <p>Exit codes: 0 done; 1 refused or failed, nothing changed; 2 usage; 3 transition not complete
 * within the timeout.
 *
 * <p>Thread-safety: {@link #run} is meant for one thread (the CLI's main thread).
 */
public final class Main {

    /** {@code --timeout} default for load and disable, in seconds. */
    static final long DEFAULT_TIMEOUT_SECONDS = 60;

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
                throw Failure.usage("jlivepatch: unknown verb '" + first
                        + "': expected load, disable, force, list, ps, build or demo; run 'jlivepatch --help'");
            }
            List<String> rest = args.subList(1, args.size());
            if (wantsHelp(rest)) {
                terminal.line(Usage.help(verb).stripTrailing());
                return 0;
            }
            return run(cli, verb, rest);
        } catch (Failure f) {
            terminal.error(f.getMessage().startsWith("jlivepatch") ? f.getMessage() : "jlivepatch: " + f.getMessage());
            return f.exitCode();
        }
    }

    private static int run(Cli cli, Verb verb, List<String> rest) throws Failure {
        switch (verb) {
            case HELP -> {
                Verb about = rest.isEmpty() ? null : Verb.of(rest.get(0));
                if (!rest.isEmpty() && about == null) {
                    throw Failure.usage("jlivepatch help: unknown verb '" + rest.get(0) + "'");
                }
                cli.terminal().line((about == null ? Usage.overview(cli.version()) : Usage.help(about)).stripTrailing());
                return 0;
            }
            case BUILD -> {
                // The build runs here, in the CLI's JVM; it has its own grammar (BuildCommand.usage()).
                return io.jlivepatch.build.BuildCommand.run(rest.toArray(new String[0]),
                        cli.terminal().out(), cli.terminal().err());
            }
            case DEMO -> {
                try {
                    return DemoCommand.run(rest, cli.terminal().out(), cli.terminal().err());
                } catch (java.io.IOException e) {
                    throw Failure.refused("jlivepatch demo: " + e.getMessage());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw Failure.refused("jlivepatch demo: interrupted");
                }
            }
            default -> {
                Args args = Args.parse(verb, rest);
                return runParsed(cli, verb, args);
            }
        }
    }

    private static int runParsed(Cli cli, Verb verb, Args args) throws Failure {
        boolean json = verb.flags().contains("--json") && args.flag("--json");
        try {
            return switch (verb) {
                case LOAD -> new Operation(cli, json).load(args.positional("pid"), args.positional("patch.jar"),
                        args.timeoutMillis(DEFAULT_TIMEOUT_SECONDS), args.flag("--keep-on-timeout"));
                case DISABLE -> new Operation(cli, json).disable(args.positional("pid"), args.positional("patch-name"),
                        args.timeoutMillis(DEFAULT_TIMEOUT_SECONDS));
                case FORCE -> ForceCommand.run(cli, args.positional("pid"), args.positional("patch-name"));
                case LIST -> ListCommand.run(cli, args.positional("pid"), json);
                case PS -> PsCommand.run(cli, json);
                default -> throw new IllegalStateException("unhandled verb " + verb);
            };
        } catch (Failure f) {
            if (json && f.exitCode() != Failure.USAGE) {
                // Scripts read stdout: give them the refusal as JSON too.
                cli.terminal().line(new io.jlivepatch.agent.control.json.JsonWriter().beginObject()
                        .name("exit").value(f.exitCode()).name("result").value("refused")
                        .name("error").value(f.getMessage()).endObject().toString());
            }
            throw f;
        }
    }

    private static boolean wantsHelp(List<String> rest) {
        for (String word : rest) {
            if (word.equals("--")) {
                return false;
            }
            if (word.equals("--help") || word.equals("-h")) {
                return true;
            }
        }
        return false;
    }
}
