package io.jlivepatch.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlivepatch.core.model.SystemState;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The one CLI grammar: positionals, options anywhere, both value spellings, short aliases,
 * repeatable options, forms and conflicts, and usage errors (exit 2) worded the same for every verb.
 */
class ArgsTest {

    private static Args parse(Verb verb, String... words) throws Failure {
        return Args.parse(verb.syntax(), List.of(words));
    }

    @Test
    void optionsMayComeAnywhereAndInBothSpellings() throws Failure {
        Args args = parse(Verb.LOAD, "--json", "123", "--timeout", "2.5", "fix.jar", "--keep-on-timeout");
        assertEquals("123", args.positional("pid"));
        assertEquals("fix.jar", args.positional("patch.jar"));
        assertTrue(args.flag(SharedSyntax.JSON));
        assertTrue(args.flag(SharedSyntax.KEEP_ON_TIMEOUT));
        assertEquals(2500L, args.value(SharedSyntax.TIMEOUT));
        assertEquals(0L, parse(Verb.LOAD, "1", "x", "--timeout=0").value(SharedSyntax.TIMEOUT));
        assertNull(parse(Verb.DISABLE, "1", "p").value(SharedSyntax.TIMEOUT));
        assertFalse(parse(Verb.LIST, "1").flag(SharedSyntax.JSON));
        assertTrue(parse(Verb.LIST, "1", "--json").flag(SharedSyntax.JSON), "list restates --json with its own help");
    }

    @Test
    void doubleDashEndsOptions() throws Failure {
        Args args = parse(Verb.LOAD, "1", "--", "--odd-name.jar");
        assertEquals("--odd-name.jar", args.positional("patch.jar"));
    }

    @Test
    void buildTakesShortAliasesRepeatedOptionsAndEitherForm() throws Failure {
        Args args = parse(Verb.BUILD, "--old", "a", "--new=b", "--name", "fix-7", "--state", "3:1", "--state=4:2",
                "-o", "x.jar", "--replace");
        assertEquals(Path.of("a"), args.value(BuildVerb.OLD));
        assertEquals(Path.of("b"), args.value(BuildVerb.NEW));
        assertEquals(Path.of("x.jar"), args.value(BuildVerb.OUTPUT));
        assertEquals(List.of(new SystemState(3, 1), new SystemState(4, 2)), args.values(BuildVerb.STATE));
        assertTrue(args.flag(BuildVerb.REPLACE));
        Args hand = parse(Verb.BUILD, "--patch-classes", "p", "--name", "h", "--output", "h.jar");
        assertTrue(BuildVerb.request(hand).isHandWritten());
        assertNull(hand.value(BuildVerb.OLD));
        assertNull(parse(Verb.HELP).positional("verb"), "an optional argument left out");
        assertEquals("load", parse(Verb.HELP, "load").positional("verb"));
    }

    @Test
    void usageErrorsExitTwoNamingTheProblemTheSynopsisAndTheHelp() {
        assertUsage("jlivepatch load: missing <patch.jar>", Verb.LOAD, "1");
        assertUsage("jlivepatch list: unexpected argument 'x'", Verb.LIST, "1", "x");
        assertUsage("jlivepatch force: unknown option --json", Verb.FORCE, "1", "p", "--json");
        assertUsage("jlivepatch load: option --timeout needs a value", Verb.LOAD, "1", "x", "--timeout");
        assertUsage("jlivepatch load: option --timeout needs a value", Verb.LOAD, "1", "x", "--timeout", "--json");
        assertUsage("jlivepatch ps: option --json takes no value", Verb.PS, "--json=1");
        assertUsage("jlivepatch ps: option --json given twice", Verb.PS, "--json", "--json");
        assertUsage("jlivepatch load: --timeout needs a number of seconds from 0 to 86400, got 'NaN'",
                Verb.LOAD, "1", "x", "--timeout", "NaN");
        assertUsage("jlivepatch load: --timeout needs a number of seconds from 0 to 86400, got '-1'",
                Verb.LOAD, "1", "x", "--timeout", "-1");
        assertUsage("jlivepatch load: --timeout needs a number of seconds from 0 to 86400, got '1e9'",
                Verb.LOAD, "1", "x", "--timeout", "1e9");
        assertUsage("jlivepatch build: missing --name <name>", Verb.BUILD, "--old", "a", "--new", "b");
        assertUsage("jlivepatch build: missing -o <patch.jar>", Verb.BUILD, "--name", "x", "--old", "a", "--new", "b");
        assertUsage("jlivepatch build: missing --patch-classes <dir|jar>", Verb.BUILD, "--name", "x", "-o", "x.jar");
        assertUsage("jlivepatch build: --patch-classes and --new cannot be used together",
                Verb.BUILD, "--patch-classes", "p", "--new", "b", "--name", "x", "-o", "x.jar");
        assertUsage("jlivepatch build: unknown option --bogus", Verb.BUILD, "--bogus");
        assertUsage("jlivepatch build: option -o needs a value", Verb.BUILD, "--old", "a", "--new", "b", "--name", "x", "-o");
        assertUsage("jlivepatch build: unknown option -x", Verb.BUILD, "-x");
        assertUsage("jlivepatch build: --name needs 1 to 64 letters, digits, '.', '_' or '-', starting with a letter"
                + " or digit, got 'bad name!'", Verb.BUILD, "--name", "bad name!", "--old", "a", "--new", "b", "-o", "x.jar");
        assertUsage("jlivepatch build: --state needs <id>:<version>, such as 1:2, got 'nope'",
                Verb.BUILD, "--name", "x", "--old", "a", "--new", "b", "-o", "x.jar", "--state", "nope");
        assertUsage("jlivepatch demo: unknown option --bogus", Verb.DEMO, "--bogus");
        assertUsage("jlivepatch demo: unexpected argument 'now'", Verb.DEMO, "now");
        assertUsage("jlivepatch help: unexpected argument 'b'", Verb.HELP, "a", "b");
    }

    private static void assertUsage(String first, Verb verb, String... words) {
        Failure f = assertThrows(Failure.class, () -> parse(verb, words));
        assertEquals(Failure.USAGE, f.exitCode());
        List<String> synopsis = verb.syntax().synopsis();
        String[] lines = f.getMessage().split("\n");
        assertEquals(first, lines[0]);
        assertEquals("usage: " + synopsis.get(0), lines[1]);
        for (int i = 1; i < synopsis.size(); i++) {
            assertEquals("       " + synopsis.get(i), lines[1 + i]);
        }
        assertEquals("run 'jlivepatch " + verb.word() + " --help' for details", lines[1 + synopsis.size()]);
        assertEquals(2 + synopsis.size(), lines.length, f.getMessage());
    }
}
