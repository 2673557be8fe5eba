package io.jlivepatch.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The hand-written CLI grammar: positionals, options anywhere, both value spellings, and usage errors (exit 2). */
class ArgsTest {

    private static Args parse(Verb verb, String... words) throws Failure {
        return Args.parse(verb, List.of(words));
    }

    @Test
    void optionsMayComeAnywhereAndInBothSpellings() throws Failure {
        Args args = parse(Verb.LOAD, "--json", "123", "--timeout", "2.5", "fix.jar", "--keep-on-timeout");
        assertEquals("123", args.positional("pid"));
        assertEquals("fix.jar", args.positional("patch.jar"));
        assertTrue(args.flag("--json"));
        assertTrue(args.flag("--keep-on-timeout"));
        assertEquals(2500, args.timeoutMillis(60));
        assertEquals(0, parse(Verb.LOAD, "1", "x", "--timeout=0").timeoutMillis(60));
        assertEquals(60_000, parse(Verb.DISABLE, "1", "p").timeoutMillis(60));
        assertFalse(parse(Verb.LIST, "1").flag("--json"));
    }

    @Test
    void doubleDashEndsOptions() throws Failure {
        Args args = parse(Verb.LOAD, "1", "--", "--odd-name.jar");
        assertEquals("--odd-name.jar", args.positional("patch.jar"));
    }

    @Test
    void usageErrorsExitTwoNamingTheProblemAndTheHelp() {
        assertUsage("jlivepatch load: missing <patch.jar>", Verb.LOAD, "1");
        assertUsage("jlivepatch list: unexpected argument 'x'", Verb.LIST, "1", "x");
        assertUsage("jlivepatch force: unknown option --json", Verb.FORCE, "1", "p", "--json");
        assertUsage("jlivepatch load: option --timeout needs a value", Verb.LOAD, "1", "x", "--timeout");
        assertUsage("jlivepatch ps: option --json takes no value", Verb.PS, "--json=1");
        Failure bad = assertThrows(Failure.class, () -> parse(Verb.LOAD, "1", "x", "--timeout", "NaN").timeoutMillis(60));
        assertTrue(bad.getMessage().startsWith("jlivepatch load: --timeout needs a number of seconds"), bad.getMessage());
        assertThrows(Failure.class, () -> parse(Verb.LOAD, "1", "x", "--timeout", "-1").timeoutMillis(60));
        assertThrows(Failure.class, () -> parse(Verb.LOAD, "1", "x", "--timeout", "1e9").timeoutMillis(60));
    }

    private static void assertUsage(String first, Verb verb, String... words) {
        Failure f = assertThrows(Failure.class, () -> parse(verb, words));
        assertEquals(Failure.USAGE, f.exitCode());
        String[] lines = f.getMessage().split("\n");
        assertEquals(first, lines[0]);
        assertEquals("usage: " + Usage.synopsis(verb), lines[1]);
        assertEquals("run 'jlivepatch " + verb.word() + " --help' for details", lines[2]);
    }
}
