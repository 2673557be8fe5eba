package io.jlivepatch.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jlivepatch.agent.control.StatusDocument;
import io.jlivepatch.agent.control.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The text renderings of list, ps and the progress line, and the no-agent documents. */
class RenderingTest {

    private static final String STATUS = "{\"pid\":5,\"transition\":{\"patch\":\"fix-b\",\"target\":\"patched\","
            + "\"blockers\":[{\"thread\":\"worker\",\"frame\":\"a.B.m(B.java:3)\"}],\"remaining\":1},"
            + "\"patches\":[{\"name\":\"fix-a\",\"enabled\":true,\"transition\":false,\"replace\":true,\"forced\":false,"
            + "\"stackOrder\":1,\"sha256\":\"ab\",\"objects\":[{\"name\":\"a.B\",\"loaded\":false,\"patched\":false,"
            + "\"funcs\":[{\"name\":\"m\",\"descriptor\":\"()V\",\"nop\":true}]}]}],\"history\":[{\"time\":\"2025-12-06T05:46:40Z\",\"op\":\"load\","
            + "\"patch\":\"fix-a\",\"sha256\":\"ab\",\"user\":\"u\",\"pid\":9,\"via\":\"cli\",\"result\":\"ok\"}]}";

    @Test
    void listText() throws Failure {
        assertEquals("""
                process 5 (a.Main): jlivepatch agent 1.0
                transition: 'fix-b' to patched, 1 thread remaining
                  worker is sleeping on function a.B.m(B.java:3)
                patches (stack order, newest last):
                  1. fix-a enabled [replace]  sha256 ab
                       a.B  (not loaded yet)
                         m()V  (nop)
                history (oldest first):
                  2025-12-06T05:46:40Z load 'fix-a' by u pid 9 via cli: ok""",
                ListText.render(new Target(5, "a.Main"), "1.0", StatusDocument.fromJson(STATUS)));
        assertEquals("process 5 (a.Main): no jlivepatch agent loaded; nothing is patched",
                ListText.render(new Target(5, "a.Main"), null, StatusDocument.noAgent(5)));
    }

    @Test
    void noAgentDocumentHasTheContractMembers() {
        assertEquals(List.of("pid", "transition", "patches", "agentVersion", "history"),
                List.copyOf(Json.parseObject(StatusDocument.noAgent(5).toJson()).keySet()));
    }

    @Test
    void progressLine() throws Failure {
        assertEquals("jlivepatch: 'fix-b': waiting for the patched state: 1 thread remaining (worker in a.B.m(B.java:3)) 2s/60s",
                TransitionWait.progress(StatusDocument.fromJson(STATUS).transition(), 2500, 60_000));
    }

    @Test
    void psTextAndJson() {
        List<PsCommand.Row> rows = List.of(
                new PsCommand.Row(new Target(5, "a.Main"), "1.0", List.of("fix-a"), "fix-a", null),
                new PsCommand.Row(new Target(6, "b.Main"), null, List.of(), null, null, 3),
                new PsCommand.Row(new Target(7, "c.Main"), null, List.of(), null, "refused"));
        assertEquals("""
                PID      AGENT            PATCHES                  MAIN
                5        1.0              fix-a (transition: fix-a) a.Main
                6        -                -                        b.Main [pid 3 in its pid namespace]
                7        ?                ?                        c.Main
                         (cannot inspect: refused)""", PsCommand.toText(rows));
        assertEquals("{\"jvms\":[{\"pid\":5,\"nsPid\":5,\"mainClass\":\"a.Main\",\"agent\":\"1.0\",\"patches\":[\"fix-a\"],"
                + "\"transition\":\"fix-a\",\"error\":null},{\"pid\":6,\"nsPid\":3,\"mainClass\":\"b.Main\",\"agent\":null,\"patches\":[],"
                + "\"transition\":null,\"error\":null},{\"pid\":7,\"nsPid\":7,\"mainClass\":\"c.Main\",\"agent\":null,\"patches\":[],"
                + "\"transition\":null,\"error\":\"refused\"}]}", PsCommand.toJson(rows));
    }
}
