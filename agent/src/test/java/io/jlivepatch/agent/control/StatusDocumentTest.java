package io.jlivepatch.agent.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jlivepatch.agent.control.json.Json;
import io.jlivepatch.core.registry.PatchStatus;
import io.jlivepatch.core.registry.TransitionStatus;
import io.jlivepatch.core.transition.Blocker;
import io.jlivepatch.core.transition.PatchState;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The status document (the {@code list --json} document): exactly the contract's members
 * (architecture §6) plus the documented extras, byte for byte; what one side writes the other reads
 * back to an equal document; a document that breaks the contract is refused naming the member.
 */
class StatusDocumentTest {

    private static final PatchStatus PATCH = new PatchStatus("fix-a", true, true, false, false, 1, "ab",
            List.of(new PatchStatus.ObjectStatus("a.b.C", true, true,
                            List.of(new PatchStatus.FuncStatus("m", "(I)V", false), new PatchStatus.FuncStatus("n", "()V", true))),
                    new PatchStatus.ObjectStatus("a.b.Late", false, false, List.of()),
                    new PatchStatus.ObjectStatus("a.b.Refused", true, false, List.of())));
    private static final TransitionStatus TRANSITION = new TransitionStatus("fix-a", PatchState.UNPATCHED, 2,
            List.of(new Blocker("worker-1", "a.b.C.m(C.java:3)"), new Blocker("worker \"2\"", "a.b.C.n(C.java:9)")));
    private static final History.Entry AUDIT = new History.Entry(1_765_000_000_123L, "load", "fix-a", "ab",
            new Command.Requester("u", 9, "cli"), "ok");
    private static final StatusDocument REPRESENTATIVE = new StatusDocument(7, TRANSITION, List.of(PATCH), "1.0", 1,
            List.of(AUDIT));

    /** The exact text of {@link #REPRESENTATIVE}: what StatusJson wrote before this type existed. */
    private static final String GOLDEN = "{\"pid\":7,"
            + "\"transition\":{\"patch\":\"fix-a\",\"target\":\"unpatched\",\"blockers\":["
            + "{\"thread\":\"worker-1\",\"frame\":\"a.b.C.m(C.java:3)\"},"
            + "{\"thread\":\"worker \\\"2\\\"\",\"frame\":\"a.b.C.n(C.java:9)\"}],\"remaining\":2},"
            + "\"patches\":[{\"name\":\"fix-a\",\"enabled\":true,\"transition\":true,\"replace\":false,\"forced\":false,"
            + "\"stackOrder\":1,\"sha256\":\"ab\",\"objects\":["
            + "{\"name\":\"a.b.C\",\"loaded\":true,\"patched\":true,\"funcs\":["
            + "{\"name\":\"m\",\"descriptor\":\"(I)V\",\"nop\":false},{\"name\":\"n\",\"descriptor\":\"()V\",\"nop\":true}]},"
            + "{\"name\":\"a.b.Late\",\"loaded\":false,\"patched\":false,\"funcs\":[]},"
            + "{\"name\":\"a.b.Refused\",\"loaded\":true,\"patched\":false,\"funcs\":[]}]}],"
            + "\"agentVersion\":\"1.0\",\"generation\":1,"
            + "\"history\":[{\"time\":\"2025-12-06T05:46:40.123Z\",\"op\":\"load\",\"patch\":\"fix-a\",\"sha256\":\"ab\","
            + "\"user\":\"u\",\"pid\":9,\"via\":\"cli\",\"result\":\"ok\"}]}";

    @Test
    void goldenRepresentativeDocument() {
        assertEquals(GOLDEN, REPRESENTATIVE.toJson());
    }

    @Test
    void writeReadWriteIsTheSame() {
        StatusDocument read = StatusDocument.fromJson(REPRESENTATIVE.toJson());
        assertEquals(REPRESENTATIVE, read);
        assertEquals(GOLDEN, read.toJson());
        StatusDocument idle = new StatusDocument(7, null, List.of(), "1.0", 3, List.of());
        assertEquals(idle, StatusDocument.fromJson(idle.toJson()));
        assertEquals(StatusDocument.noAgent(5), StatusDocument.fromJson(StatusDocument.noAgent(5).toJson()));
    }

    @Test
    void idleDocument() {
        assertEquals("{\"pid\":7,\"transition\":null,\"patches\":[],\"agentVersion\":\"1.0\",\"generation\":3,\"history\":[]}",
                new StatusDocument(7, null, List.of(), "1.0", 3, List.of()).toJson());
    }

    @Test
    void noAgentDocumentHasTheContractMembersAndNothingElse() {
        assertEquals("{\"pid\":5,\"transition\":null,\"patches\":[],\"agentVersion\":null,\"history\":[]}",
                StatusDocument.noAgent(5).toJson());
    }

    @Test
    void everyContractMemberWithItsType() {
        Map<String, Object> doc = Json.parseObject(REPRESENTATIVE.toJson());
        assertEquals(List.of("pid", "transition", "patches", "agentVersion", "generation", "history"),
                List.copyOf(doc.keySet()));
        assertEquals(7L, doc.get("pid"));
        assertEquals(Map.of("patch", "fix-a", "target", "unpatched", "remaining", 2L,
                "blockers", List.of(Map.of("thread", "worker-1", "frame", "a.b.C.m(C.java:3)"),
                        Map.of("thread", "worker \"2\"", "frame", "a.b.C.n(C.java:9)"))), doc.get("transition"));
        Map<?, ?> p = (Map<?, ?>) ((List<?>) doc.get("patches")).get(0);
        assertEquals(List.of("name", "enabled", "transition", "replace", "forced", "stackOrder", "sha256", "objects"),
                List.copyOf(p.keySet().stream().map(String::valueOf).toList()));
        assertEquals(Arrays.asList("fix-a", true, true, false, false, 1L, "ab"),
                Arrays.asList(p.get("name"), p.get("enabled"), p.get("transition"), p.get("replace"), p.get("forced"),
                        p.get("stackOrder"), p.get("sha256")));
        assertEquals(List.of(
                Map.of("name", "a.b.C", "loaded", true, "patched", true, "funcs", List.of(
                        Map.of("name", "m", "descriptor", "(I)V", "nop", false),
                        Map.of("name", "n", "descriptor", "()V", "nop", true))),
                Map.of("name", "a.b.Late", "loaded", false, "patched", false, "funcs", List.of()),
                Map.of("name", "a.b.Refused", "loaded", true, "patched", false, "funcs", List.of())), p.get("objects"),
                "patched is its own member: a loaded copy may carry no patch");
        assertEquals(List.of(Map.of("time", "2025-12-06T05:46:40.123Z", "op", "load", "patch", "fix-a", "sha256", "ab",
                "user", "u", "pid", 9L, "via", "cli", "result", "ok")), doc.get("history"));
    }

    @Test
    void theExtrasMayBeMissing() {
        // an agent of another version: no remaining, agentVersion, generation or history
        StatusDocument read = StatusDocument.fromJson("{\"pid\":5,\"transition\":{\"patch\":\"p\",\"target\":\"patched\","
                + "\"blockers\":[]},\"patches\":[]}");
        assertEquals(new StatusDocument(5, new TransitionStatus("p", PatchState.PATCHED, StatusDocument.UNKNOWN, List.of()),
                List.of(), null, 0, List.of()), read);
    }

    @Test
    void aBrokenContractIsRefusedNamingTheMember() {
        assertEquals("status member 'patches[0].objects[0].loaded' is not a boolean",
                assertThrows(IllegalArgumentException.class, () -> StatusDocument.fromJson(GOLDEN.replace(
                        "\"loaded\":true", "\"loaded\":\"yes\""))).getMessage());
        assertEquals("status member 'transition' is missing",
                assertThrows(IllegalArgumentException.class, () -> StatusDocument.fromJson(
                        "{\"pid\":5,\"patches\":[]}")).getMessage());
        assertEquals("status member 'transition.target' is 'sideways', not 'patched' or 'unpatched'",
                assertThrows(IllegalArgumentException.class, () -> StatusDocument.fromJson(GOLDEN.replace(
                        "\"unpatched\"", "\"sideways\""))).getMessage());
    }
}
