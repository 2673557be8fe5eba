package io.jlivepatch.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every verb's synopsis is the contract of architecture §6 and docs/cli.md, and every help page has
 * the one layout: synopsis, description, arguments, options, exit codes.
 */
class UsageTest {

    @Test
    void synopsesAreTheContract() {
        assertEquals(List.of("jlivepatch load <pid> <patch.jar> [--timeout <seconds>] [--keep-on-timeout] [--json]"),
                Verb.LOAD.syntax().synopsis());
        assertEquals(List.of("jlivepatch disable <pid> <patch-name> [--timeout <seconds>] [--json]"),
                Verb.DISABLE.syntax().synopsis());
        assertEquals(List.of("jlivepatch force <pid> <patch-name>"), Verb.FORCE.syntax().synopsis());
        assertEquals(List.of("jlivepatch list <pid> [--json]"), Verb.LIST.syntax().synopsis());
        assertEquals(List.of("jlivepatch ps [--json]"), Verb.PS.syntax().synopsis());
        assertEquals(List.of(
                "jlivepatch build --old <jar|dir> --new <jar|dir> --name <name> [--replace] [--state <id>:<version>]..."
                        + " [--only <selector>]... [--exclude <selector>]... -o <patch.jar>",
                "jlivepatch build [--old <jar|dir>] --patch-classes <dir|jar> --name <name> [--replace]"
                        + " [--state <id>:<version>]... -o <patch.jar>"), Verb.BUILD.syntax().synopsis());
        assertEquals(List.of("jlivepatch demo [--fast] [--svg <file>]"), Verb.DEMO.syntax().synopsis());
        assertEquals(List.of("jlivepatch help [<verb>]"), Verb.HELP.syntax().synopsis());
    }

    @Test
    void everyHelpPageHasTheSameLayout() {
        for (Verb verb : Verb.values()) {
            String page = Usage.help(verb.syntax());
            List<String> sections = new ArrayList<>();
            for (String line : page.split("\n")) {
                if (line.endsWith(":") && !line.startsWith(" ")) {
                    sections.add(line);
                }
            }
            List<String> expected = verb.syntax().positionals().isEmpty()
                    ? List.of("options:", "exit codes:") : List.of("arguments:", "options:", "exit codes:");
            assertTrue(page.startsWith("usage: jlivepatch " + verb.word()), page);
            assertEquals(expected, sections, page);
            assertTrue(page.contains("\n  -h, --help "), page);
            assertTrue(page.contains("\n  0  "), page);
            assertTrue(page.contains("\n  2  usage"), page);
            for (Option<?> option : verb.syntax().options()) {
                assertTrue(page.contains("\n  " + option.helpName()), verb + " does not describe " + option + ":\n" + page);
            }
        }
    }

    @Test
    void theOverviewListsEveryVerbAndTheExitCodes() {
        String overview = Usage.overview("dev");
        for (Verb verb : Verb.values()) {
            if (verb != Verb.HELP) {
                for (String line : verb.syntax().synopsis()) {
                    assertTrue(overview.contains("\n  " + line + "\n"), line + " missing from\n" + overview);
                }
            }
        }
        assertTrue(overview.contains("exit codes:\n  0  done\n  1  refused or failed; the target is unchanged\n  2  usage"),
                overview);
        assertTrue(overview.contains("\n  3  the transition did not complete within --timeout"), overview);
    }

    @Test
    void aSyntaxRefusesADuplicateOptionAndARequiredArgumentAfterAnOptionalOne() {
        Syntax syntax = Syntax.of("probe", "A grammar for this test.");
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> syntax.options(SharedSyntax.JSON, SharedSyntax.JSON));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> syntax.optionalPositional("a", "").positional("b", ""));
    }
}
