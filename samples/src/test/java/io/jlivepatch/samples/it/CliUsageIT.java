package io.jlivepatch.samples.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The CLI's help and usage errors (exit 2), through the real jar and once through the root
 * {@code ./jlivepatch} launcher. No target JVM: usage is checked before anything is attached.
 */
@Timeout(120)
class CliUsageIT {

    @Test
    void helpAnswersForTheToolAndEveryVerb() throws Exception {
        CliRun overview = CliRun.of("--help");
        assertEquals(0, overview.exit(), overview::toString);
        CliIT.assertInOrder(overview.out(), "usage:",
                "jlivepatch load <pid> <patch.jar> [--timeout <seconds>] [--keep-on-timeout] [--json]",
                "jlivepatch disable <pid> <patch-name> [--timeout <seconds>] [--json]",
                "jlivepatch force <pid> <patch-name>", "jlivepatch list <pid> [--json]", "jlivepatch ps [--json]",
                "jlivepatch build --old", "jlivepatch build [--old <jar|dir>] --patch-classes", "jlivepatch demo",
                "exit codes:", "  0  done", "  1  refused or failed", "  2  usage", "  3  the transition did not complete");
        for (String verb : List.of("load", "disable", "force", "list", "ps", "build", "demo", "help")) {
            CliRun help = CliRun.of(verb, "--help");
            assertEquals(0, help.exit(), help::toString);
            assertTrue(help.out().startsWith("usage: jlivepatch " + verb), help::toString);
            // one layout for every verb: synopsis, description, options, exit codes
            CliIT.assertInOrder(help.out(), "usage: jlivepatch " + verb, "\noptions:\n", "  -h, --help ",
                    "\nexit codes:\n", "  0  ", "  2  usage");
            assertEquals("", help.err(), help::toString);
        }
        CliRun helpVerb = CliRun.of("help", "load");
        assertEquals(0, helpVerb.exit(), helpVerb::toString);
        assertTrue(helpVerb.out().contains("--keep-on-timeout"), helpVerb::toString);
        CliRun version = CliRun.of("--version");
        assertEquals(0, version.exit());
        assertTrue(version.out().startsWith("jlivepatch 0.1.0"), version::toString);
    }

    @ParameterizedTest(name = "jlivepatch {0}")
    @CsvSource(delimiter = '|', value = {
        "''                                   | jlivepatch: no verb given",
        "frobnicate                           | jlivepatch: unknown verb 'frobnicate'",
        "load 1                               | jlivepatch load: missing <patch.jar>",
        "load                                 | jlivepatch load: missing <pid>",
        "load 1 x.jar --timeout               | jlivepatch load: option --timeout needs a value",
        "load 1 x.jar --timeout soon          | jlivepatch load: --timeout needs a number of seconds",
        "load 1 x.jar --timeout=-3            | jlivepatch load: --timeout needs a number of seconds",
        "load 1 x.jar extra                   | jlivepatch load: unexpected argument 'extra'",
        "disable 1 p --keep-on-timeout        | jlivepatch disable: unknown option --keep-on-timeout",
        "disable 1                            | jlivepatch disable: missing <patch-name>",
        "force 1 p --json                     | jlivepatch force: unknown option --json",
        "force 1                              | jlivepatch force: missing <patch-name>",
        "list 1 --json=yes                    | jlivepatch list: option --json takes no value",
        "list                                 | jlivepatch list: missing <pid>",
        "ps extra                             | jlivepatch ps: unexpected argument 'extra'",
        "build --old a --new b                | jlivepatch build: missing --name <name>",
        "build --old a --new b --name x       | jlivepatch build: missing -o <patch.jar>",
        "build --patch-classes p --new b      | jlivepatch build: --patch-classes and --new cannot be used together",
        "build --name x -o y --state nope     | jlivepatch build: --state needs <id>:<version>",
        "build --bogus                        | jlivepatch build: unknown option --bogus",
        "demo --bogus                         | jlivepatch demo: unknown option --bogus",
        "demo --svg                           | jlivepatch demo: option --svg needs a value",
        "help frobnicate                      | jlivepatch help: unknown verb 'frobnicate'",
    })
    void usageErrorsExitTwoAndSayWhy(String line, String expected) throws Exception {
        CliRun run = CliRun.of(line.isEmpty() ? new String[0] : line.split(" "));
        assertEquals(2, run.exit(), run::toString);
        assertTrue(run.err().startsWith(expected), run::toString);
        assertEquals("", run.out(), run::toString);
        if (!line.isEmpty() && !line.startsWith("frobnicate")) {
            // the same wording for every verb: the problem, the synopsis, where the help is
            String verb = line.split(" ")[0];
            assertTrue(run.err().contains("\nusage: jlivepatch " + verb), run::toString);
            assertTrue(run.err().endsWith("run 'jlivepatch " + verb + " --help' for details\n"), run::toString);
        }
    }

    @Test
    void theRootLauncherRunsTheCli() throws Exception {
        Path script = TargetJvm.AGENT_JAR.toAbsolutePath().getParent().getParent().getParent().resolve("jlivepatch");
        assertTrue(Files.isExecutable(script), script + " is missing");
        CliRun run = CliRun.exec(List.of(script.toString(), "list", "--help"));
        assertEquals(0, run.exit(), run::toString);
        assertTrue(run.out().startsWith("usage: jlivepatch list <pid> [--json]"), run::toString);
    }
}
