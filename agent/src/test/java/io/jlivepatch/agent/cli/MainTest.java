package io.jlivepatch.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Exit codes and streams of the CLI for what needs no target: help (0, stdout), usage (2, stderr), and refusals before attach (1). */
class MainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void helpGoesToStdoutWithExitZero() {
        assertEquals(0, run("--help"));
        assertTrue(out().startsWith("jlivepatch dev: kernel-style live patching"), out());
        assertEquals("", err());
    }

    @Test
    void verbHelpWinsOverMissingArguments() {
        assertEquals(0, run("load", "--help"));
        assertTrue(out().startsWith("usage: jlivepatch load <pid> <patch.jar>"), out());
    }

    @Test
    void usageErrorsGoToStderrWithExitTwo() {
        assertEquals(2, run("unload", "1"));
        assertTrue(err().startsWith("jlivepatch: unknown verb 'unload'"), err());
        assertEquals("", out());
    }

    @Test
    void buildAndDemoUseTheSameGrammar() {
        assertEquals(0, run("build", "--help"));
        assertTrue(out().startsWith("usage: jlivepatch build --old <jar|dir> --new <jar|dir> --name <name>"), out());
        assertTrue(out().contains("\nexit codes:\n  0  the patch jar is written\n"), out());
        out.reset();
        assertEquals(2, run("build", "--old", "a", "--new", "b", "-o", "x.jar"));
        assertTrue(err().startsWith("jlivepatch build: missing --name <name>\nusage: jlivepatch build "), err());
        assertTrue(err().endsWith("run 'jlivepatch build --help' for details\n"), err());
        assertEquals("", out());
        err.reset();
        assertEquals(2, run("demo", "--svg"));
        assertTrue(err().startsWith("jlivepatch demo: option --svg needs a value\nusage: jlivepatch demo [--fast]"), err());
    }

    @Test
    void aBuildRequestTheGrammarCannotCheckIsAUsageErrorToo() {
        assertEquals(2, run("build", "--old", "a", "--new", "b", "--name", "x", "-o", "x.jar", "--state", "1:1",
                "--state", "1:2"));
        assertTrue(err().startsWith("jlivepatch build: patch 'x' declares state 1 twice\n"), err());
        assertEquals("", out());
    }

    @Test
    void aBuildThatFailsExitsOneNamingTheMissingVersion() {
        assertEquals(1, run("build", "--old", "/no/such/v1", "--new", "/no/such/v2", "--name", "x", "-o", "x.jar"));
        assertTrue(err().contains("/no/such/v1"), err());
    }

    @Test
    void helpOfAnUnknownVerbIsAUsageError() {
        assertEquals(2, run("help", "unload"));
        assertTrue(err().startsWith("jlivepatch help: unknown verb 'unload': expected load, disable, force, list, ps,"
                + " build or demo\nusage: jlivepatch help [<verb>]"), err());
    }

    @Test
    void aMissingPatchIsRefusedBeforeAnyAttach() {
        assertEquals(1, run("load", "999999999", "/no/such/fix.jar"));
        assertEquals("jlivepatch: /no/such/fix.jar does not exist\n", err());
    }

    @Test
    void jsonRefusalsAlsoGoToStdoutAsJson() {
        assertEquals(1, run("list", "999999999", "--json"));
        assertTrue(out().startsWith("{\"exit\":1,\"result\":\"refused\",\"error\":\"no process with pid 999999999"), out());
    }
}
