package io.jlivepatch.agent.control;

import io.jlivepatch.agent.control.json.JsonMembers;
import io.jlivepatch.agent.control.json.JsonWriter;
import java.util.Map;

/**
 * A command's answer, published under {@link Channel#REPLY}{@code <id>} as a JSON object:
 * {@code {"id":S,"command":S,"ok":B,"busy":B,"patch":S|null,"sha256":S|null,"error":S|null,"firstSeq":N}}.
 * "ok" means the command was carried out (for a load or disable: the transition started, and may
 * already be complete); the transition itself is followed through {@link Channel#STATUS}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param id the command's id
 * @param command the command word
 * @param ok whether it was carried out
 * @param busy whether it was refused because another operation or transition was in progress
 * @param patch the patch name, when known
 * @param sha256 the patch jar's SHA-256, when known
 * @param error why it was refused, or {@code null}
 * @param firstSeq the sequence number of the first {@link Channel#LOG} message this command may own
 */
public record Reply(String id, String command, boolean ok, boolean busy, String patch, String sha256, String error,
                    long firstSeq) {

    /** The JSON object. */
    public String toJson() {
        return new JsonWriter().beginObject()
                .name("id").value(id)
                .name("command").value(command)
                .name("ok").value(ok)
                .name("busy").value(busy)
                .name("patch").value(patch)
                .name("sha256").value(sha256)
                .name("error").value(error)
                .name("firstSeq").value(firstSeq)
                .endObject().toString();
    }

    /**
     * Reads a reply parsed by {@link io.jlivepatch.agent.control.json.Json}.
     *
     * @throws IllegalArgumentException if a member is missing or of the wrong type
     */
    public static Reply fromJson(Map<String, Object> json) {
        JsonMembers m = JsonMembers.of(json, "reply");
        return new Reply(m.string("id"), m.string("command"), m.bool("ok"), m.bool("busy"), m.string("patch"),
                m.string("sha256"), m.string("error"), m.number("firstSeq"));
    }
}
