package io.jlivepatch.agent.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jlivepatch.agent.control.json.Json;
import io.jlivepatch.core.registry.PatchStatus;
import io.jlivepatch.core.registry.TransitionStatus;
import io.jlivepatch.core.transition.Blocker;
import io.jlivepatch.core.transition.PatchState;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The list --json document has exactly the contract's members (architecture §6), plus the documented extras. */
class StatusJsonTest {

    @Test
    void idleDocument() {
        assertEquals("{\"pid\":7,\"transition\":null,\"patches\":[],\"agentVersion\":\"1.0\",\"generation\":3,\"history\":[]}",
                StatusJson.write(7, "1.0", 3, List.of(), null, List.of()));
    }

    @Test
    void everyContractMemberWithItsType() {
        PatchStatus patch = new PatchStatus("fix-a", true, true, false, false, 1, "ab",
                List.of(new PatchStatus.ObjectStatus("a.b.C", true, true,
                        List.of(new PatchStatus.FuncStatus("m", "(I)V", false), new PatchStatus.FuncStatus("n", "()V", true))),
                        new PatchStatus.ObjectStatus("a.b.Late", false, false, List.of()),
                        new PatchStatus.ObjectStatus("a.b.Refused", true, false, List.of())));
        TransitionStatus transition = new TransitionStatus("fix-a", PatchState.UNPATCHED, 2,
                List.of(new Blocker("worker-1", "a.b.C.m(C.java:3)")));
        History.Entry audit = new History.Entry(0, "load", "fix-a", "ab", new Command.Requester("u", 9, "cli"), "ok");
        Map<String, Object> doc = Json.parseObject(StatusJson.write(7, "1.0", 1, List.of(patch), transition,
                List.of(audit)));

        assertEquals(List.of("pid", "transition", "patches", "agentVersion", "generation", "history"),
                List.copyOf(doc.keySet()));
        assertEquals(7L, doc.get("pid"));
        assertEquals(Map.of("patch", "fix-a", "target", "unpatched", "remaining", 2L,
                "blockers", List.of(Map.of("thread", "worker-1", "frame", "a.b.C.m(C.java:3)"))), doc.get("transition"));
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
        assertEquals(List.of(Map.of("time", "1970-01-01T00:00:00Z", "op", "load", "patch", "fix-a", "sha256", "ab",
                "user", "u", "pid", 9L, "via", "cli", "result", "ok")), doc.get("history"));
    }
}
