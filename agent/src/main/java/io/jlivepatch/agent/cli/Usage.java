package io.jlivepatch.agent.cli;

/**
 * The CLI's help texts: the overview ({@code jlivepatch --help}) and one page per verb
 * ({@code jlivepatch <verb> --help}).
 *
 * <p>Stateless and thread-safe.
 */
final class Usage {

    private Usage() {}

    static String synopsis(Verb verb) {
        return switch (verb) {
            case LOAD -> "jlivepatch load <pid> <patch.jar> [--timeout <seconds>] [--keep-on-timeout] [--json]";
            case DISABLE -> "jlivepatch disable <pid> <patch-name> [--timeout <seconds>] [--json]";
            case FORCE -> "jlivepatch force <pid> <patch-name>";
            case LIST -> "jlivepatch list <pid> [--json]";
            case PS -> "jlivepatch ps [--json]";
            case BUILD -> "jlivepatch build --old <jar|dir> --new <jar|dir> --name <name> [--replace]"
                    + " [--state <id>:<version>]... -o <patch.jar>\n"
                    + "       jlivepatch build --patch-classes <dir|jar> --name <name> [--old <jar|dir>] [--replace]"
                    + " [--state <id>:<version>]... -o <patch.jar>";
            case DEMO -> "jlivepatch demo [--fast] [--svg <file>]";
            case HELP -> "jlivepatch help [<verb>]";
        };
    }

    static String overview(String version) {
        return """
                jlivepatch %s: kernel-style live patching for running JVMs

                usage:
                  %s
                  %s
                  %s
                  %s
                  %s
                  %s
                  %s

                <pid> is a process id, or a part of the main class that matches exactly one Java process.
                Exit codes: 0 done; 1 refused or failed, nothing changed; 2 usage;
                3 transition not complete within the timeout (reversed unless --keep-on-timeout).
                The CLI talks to a process through the JDK's Attach API only: same OS user, no network.
                Run 'jlivepatch <verb> --help' for details.
                """.formatted(version, synopsis(Verb.LOAD), synopsis(Verb.DISABLE), synopsis(Verb.FORCE),
                synopsis(Verb.LIST), synopsis(Verb.PS), synopsis(Verb.BUILD), synopsis(Verb.DEMO));
    }

    static String help(Verb verb) {
        if (verb == Verb.BUILD) {
            return io.jlivepatch.build.BuildCommand.usage() + "\n";
        }
        String details = switch (verb) {
            case LOAD -> """
                    Loads the patch jar into the process (attaching the jlivepatch agent the first time), enables
                    it, and waits for its patching transition: every thread switches to the patched code once
                    none of the patch's methods is on its stack. Prints the messages of the operation.

                      --timeout <seconds>   how long to wait for the transition (default 60)
                      --keep-on-timeout     on timeout, leave the transition running instead of reversing it
                      --json                print one JSON object instead of text

                    Classes of the patch that are not loaded yet are not an error: they are named, and patched
                    when they load. On timeout the transition is reversed (like kpatch) and the exit code is 3.
                    The patch jar is read by the target process too: it must see the same path.""";
            case DISABLE -> """
                    Disables the patch: starts its unpatching transition and waits for it. If the patch is
                    still in its patching transition, that transition is reversed instead.

                      --timeout <seconds>   how long to wait (default 60); on timeout the transition is
                                            reversed, the patch stays enabled, and the exit code is 3
                      --json                print one JSON object instead of text""";
            case FORCE -> """
                    Forces the transition of the patch in transition: every remaining thread switches now,
                    without a stack check. A thread that is inside an old version of a patched method may
                    then run old and new code in one call: use it only when you know the blocking threads
                    are safe (the kernel's 'force', with the same caveat).""";
            case LIST -> """
                    Lists the patches of the process in stack order (newest last), their objects and funcs,
                    the transition in progress with its blocking threads, and the audit history. Reads the
                    agent's status with a read-only attach operation: nothing is loaded into the process.

                      --json   the list --json document of the architecture (the sysfs of jlivepatch)""";
            case PS -> """
                    Lists the local Java processes: pid, whether the jlivepatch agent is loaded (its version),
                    its patches, and the main class. Processes of other users are shown with the reason they
                    cannot be inspected.

                      --json   print one JSON object instead of text""";
            case BUILD -> throw new IllegalStateException("handled above");
            case DEMO -> """
                    Runs the live demo from a checkout: a shop service under load gets two hotfixes (the second
                    a cumulative replace) and loses one, through this CLI, without a restart.

                      --fast          shorter phases
                      --svg <file>    also write the timeline as an SVG picture""";
            case HELP -> "Prints the overview, or the help of one verb.";
        };
        return "usage: " + synopsis(verb) + "\n\n" + details + "\n";
    }
}
