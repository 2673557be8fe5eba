package io.jlivepatch.agent.control;

import io.jlivepatch.agent.control.json.JsonWriter;
import io.jlivepatch.core.registry.PatchStatus;
import io.jlivepatch.core.registry.TransitionStatus;
import io.jlivepatch.core.transition.Blocker;
import io.jlivepatch.core.transition.PatchState;
import java.util.List;

/**
 * Writes the {@code list --json} document, the sysfs of this project (architecture §6):
 * <pre>{"pid":N,"transition":null|{"patch":S,"target":"patched"|"unpatched","blockers":[{"thread":S,"frame":S}]},
 *  "patches":[{"name":S,"enabled":B,"transition":B,"replace":B,"forced":B,"stackOrder":N,"sha256":S,
 *  "objects":[{"name":S,"loaded":B,"patched":B,"funcs":[{"name":S,"descriptor":S,"nop":B}]}]}]}</pre>
 * with these extra members (the contract allows more): {@code transition.remaining} (threads not yet
 * switched), {@code agentVersion}, {@code generation} (increases with every snapshot) and
 * {@code history} (the audit trail, oldest first).
 *
 * <p>Stateless and thread-safe.
 */
public final class StatusJson {

    private StatusJson() {}

    /** The document for these snapshots. */
    public static String write(long pid, String agentVersion, long generation, List<PatchStatus> patches,
                               TransitionStatus transition, List<History.Entry> history) {
        JsonWriter json = new JsonWriter().beginObject();
        json.name("pid").value(pid);
        json.name("transition");
        if (transition == null) {
            json.nullValue();
        } else {
            json.beginObject()
                    .name("patch").value(transition.patch())
                    .name("target").value(transition.target() == PatchState.PATCHED ? "patched" : "unpatched")
                    .name("blockers").beginArray();
            for (Blocker b : transition.blockers()) {
                json.beginObject().name("thread").value(b.thread()).name("frame").value(b.frame()).endObject();
            }
            json.endArray().name("remaining").value(transition.remaining()).endObject();
        }
        json.name("patches").beginArray();
        for (PatchStatus p : patches) {
            json.beginObject()
                    .name("name").value(p.name())
                    .name("enabled").value(p.enabled())
                    .name("transition").value(p.transition())
                    .name("replace").value(p.replace())
                    .name("forced").value(p.forced())
                    .name("stackOrder").value(p.stackOrder())
                    .name("sha256").value(p.sha256())
                    .name("objects").beginArray();
            for (PatchStatus.ObjectStatus o : p.objects()) {
                json.beginObject()
                        .name("name").value(o.name())
                        .name("loaded").value(o.loaded())
                        .name("patched").value(o.patched())
                        .name("funcs").beginArray();
                for (PatchStatus.FuncStatus f : o.funcs()) {
                    json.beginObject().name("name").value(f.name()).name("descriptor").value(f.descriptor())
                            .name("nop").value(f.nop()).endObject();
                }
                json.endArray().endObject();
            }
            json.endArray().endObject();
        }
        json.endArray();
        json.name("agentVersion").value(agentVersion);
        json.name("generation").value(generation);
        json.name("history").beginArray();
        for (History.Entry e : history) {
            e.write(json);
        }
        json.endArray();
        return json.endObject().toString();
    }
}
