package io.jlivepatch.agent.cli;

import static io.jlivepatch.agent.cli.SharedSyntax.JSON;
import static io.jlivepatch.agent.cli.SharedSyntax.KEEP_ON_TIMEOUT;
import static io.jlivepatch.agent.cli.SharedSyntax.PID;
import static io.jlivepatch.agent.cli.SharedSyntax.TIMEOUT;

import io.jlivepatch.agent.cli.Syntax.Exit;
import java.util.Locale;

/**
 * The CLI's verbs (architecture §6): each with its grammar ({@link Syntax}: arguments, options,
 * description, exit codes) and what it runs. The verbs that talk to a process are declared here;
 * {@code build} and {@code demo}, whose options are their own, declare their grammar beside their
 * code ({@link BuildVerb}, {@link DemoCommand}). {@link Main} parses a command line against a verb's
 * grammar and runs it; {@link Usage} prints every verb's help from it.
 *
 * <p>Immutable and thread-safe.
 */
enum Verb {
    LOAD(Syntax.of("load", """
            Loads the patch jar into the process (attaching the jlivepatch agent the first time), enables
            it, and waits for its patching transition: every thread switches to the patched code once
            none of the patch's methods is on its stack. Prints the messages of the operation.
            Classes of the patch that are not loaded yet are not an error: they are named, and patched
            when they load. The patch jar is read by the target process too: it must see the same path.""")
            .positional(PID.name(), PID.help())
            .positional("patch.jar", "the patch jar (hand-written, or made by 'jlivepatch build')")
            .options(TIMEOUT, KEEP_ON_TIMEOUT, JSON)
            .exits(Exit.DONE, Exit.REFUSED, Exit.USAGE, Exit.TIMEOUT),
            (cli, args) -> new Operation(cli, args.flag(JSON)).load(args.positional("pid"), args.positional("patch.jar"),
                    timeoutMillis(args), args.flag(KEEP_ON_TIMEOUT))),
    DISABLE(Syntax.of("disable", """
            Disables the patch: starts its unpatching transition and waits for it. If the patch is
            still in its patching transition, that transition is reversed instead. On timeout the
            transition is reversed: the patch stays enabled.""")
            .positional(PID.name(), PID.help())
            .positional("patch-name", "the name of an enabled patch ('jlivepatch list <pid>' shows them)")
            .options(TIMEOUT, JSON)
            .exits(Exit.DONE, Exit.REFUSED, Exit.USAGE, new Exit(Failure.TIMEOUT,
                    "the transition did not complete within --timeout; reversed, the patch stays enabled")),
            (cli, args) -> new Operation(cli, args.flag(JSON)).disable(args.positional("pid"),
                    args.positional("patch-name"), timeoutMillis(args))),
    FORCE(Syntax.of("force", """
            Forces the transition of the patch in transition: every remaining thread switches now,
            without a stack check. A thread that is inside an old version of a patched method may
            then run old and new code in one call: use it only when you know the blocking threads
            are safe (the kernel's 'force', with the same caveat).""")
            .positional(PID.name(), PID.help())
            .positional("patch-name", "the name of the patch in transition")
            .exits(Exit.DONE, Exit.REFUSED, Exit.USAGE),
            (cli, args) -> ForceCommand.run(cli, args.positional("pid"), args.positional("patch-name"))),
    LIST(Syntax.of("list", """
            Lists the patches of the process in stack order (newest last), their objects and funcs,
            the transition in progress with its blocking threads, and the audit history. Reads the
            agent's status with a read-only attach operation: nothing is loaded into the process.""")
            .positional(PID.name(), PID.help())
            .options(Option.flag(JSON.name(), "the list --json document of the architecture (the sysfs of jlivepatch)"))
            .exits(Exit.DONE, Exit.REFUSED, Exit.USAGE),
            (cli, args) -> ListCommand.run(cli, args.positional("pid"), args.flag(JSON))),
    PS(Syntax.of("ps", """
            Lists the local Java processes: pid, whether the jlivepatch agent is loaded (its version),
            its patches, and the main class. Processes of other users are shown with the reason they
            cannot be inspected.""")
            .options(JSON)
            .exits(Exit.DONE, Exit.USAGE),
            (cli, args) -> PsCommand.run(cli, args.flag(JSON))),
    BUILD(BuildVerb.SYNTAX, BuildVerb::run),
    DEMO(DemoCommand.SYNTAX, DemoCommand::run),
    HELP(Usage.HELP, Main::help);

    /**
     * What a verb runs, once its command line has parsed.
     */
    @FunctionalInterface
    interface Action {
        /**
         * Runs the verb.
         *
         * @return the exit code
         * @throws Failure for a refusal (1), a usage error found late (2) or a timeout (3)
         */
        int run(Cli cli, Args args) throws Failure;
    }

    private final Syntax syntax;
    private final Action action;

    Verb(Syntax syntax, Action action) {
        if (!syntax.verb().equals(name().toLowerCase(Locale.ROOT))) {
            throw new IllegalStateException(name() + " declares the grammar of " + syntax.verb());
        }
        this.syntax = syntax;
        this.action = action;
    }

    /** Its grammar. */
    Syntax syntax() {
        return syntax;
    }

    /** The word on the command line. */
    String word() {
        return syntax.verb();
    }

    /** Runs it with {@code args}, parsed against its {@link #syntax()}. */
    int run(Cli cli, Args args) throws Failure {
        return action.run(cli, args);
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

    /** The words of every verb, for an error: {@code load, disable, ..., build or demo}. */
    static String words() {
        StringBuilder text = new StringBuilder();
        Verb[] verbs = values();
        for (int i = 0; i < verbs.length; i++) {
            if (verbs[i] == HELP) {
                continue;
            }
            text.append(text.length() == 0 ? "" : i == verbs.length - 2 ? " or " : ", ").append(verbs[i].word());
        }
        return text.toString();
    }

    private static long timeoutMillis(Args args) {
        return args.value(TIMEOUT, SharedSyntax.DEFAULT_TIMEOUT_SECONDS * 1000);
    }
}
