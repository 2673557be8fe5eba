package io.jlivepatch.agent.control;

import io.jlivepatch.agent.control.json.Json;
import io.jlivepatch.agent.control.json.JsonMembers;
import io.jlivepatch.agent.control.json.JsonWriter;
import io.jlivepatch.agent.trust.Signer;
import io.jlivepatch.core.registry.PatchStatus;
import io.jlivepatch.core.registry.TransitionStatus;
import io.jlivepatch.core.transition.Blocker;
import io.jlivepatch.core.transition.PatchState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The status document, the sysfs of this project: what the agent publishes under
 * {@link Channel#STATUS}, what {@code jlivepatch list --json} prints, and what the MBeans render. The
 * target writes it and the CLI reads it with this one type, so the two sides cannot drift apart:
 * <pre>{"pid":N,"transition":null|{"patch":S,"target":"patched"|"unpatched","blockers":[{"thread":S,"frame":S}]},
 *  "patches":[{"name":S,"enabled":B,"transition":B,"replace":B,"forced":B,"stackOrder":N,"sha256":S,
 *  "objects":[{"name":S,"loaded":B,"patched":B,"funcs":[{"name":S,"descriptor":S,"nop":B}]}]}]}</pre>
 * (architecture §6, README "list --json"), with these extra members, which the contract allows:
 * {@code transition.remaining} (threads not yet switched), {@code agentVersion} ({@code null} when
 * the JVM has no agent), {@code generation} (increases with every snapshot; left out when the JVM has
 * no agent), {@code history} (the audit trail, oldest first), and, when the agent has a trust store
 * ({@code trust=<file>}), {@code patches[].signer} and {@code patches[].signerCertificateSha256}
 * (who signed the jar: the trusted certificate's subject and fingerprint) and
 * {@code history[].signer}. Members are written in this order.
 *
 * <p>Reading is strict about the contract's members (a missing or mistyped one is an error naming
 * it) and lenient about the extras, which an agent of another version may lack.
 *
 * <p>Immutable and thread-safe.
 *
 * @param pid the process id of the JVM
 * @param transition the transition in progress, or {@code null}
 * @param patches the active patches, in stack order
 * @param agentVersion the agent's version, or {@code null} if the JVM has no agent
 * @param generation the snapshot's number, increasing; {@code 0} when the JVM has no agent
 * @param history the audit trail, oldest first
 * @param signers who signed the jars of the patches, by the jar's SHA-256 (only the signed ones)
 */
public record StatusDocument(long pid, TransitionStatus transition, List<PatchStatus> patches, String agentVersion,
                             long generation, List<History.Entry> history, Map<String, Signer> signers) {

    /** The {@code remaining} of a transition read from a document that lacks it. */
    public static final int UNKNOWN = -1;

    public StatusDocument {
        patches = List.copyOf(patches);
        history = List.copyOf(history);
        signers = Map.copyOf(signers);
    }

    /** A document without signers (an agent without a trust store). */
    public StatusDocument(long pid, TransitionStatus transition, List<PatchStatus> patches, String agentVersion,
                          long generation, List<History.Entry> history) {
        this(pid, transition, patches, agentVersion, generation, history, Map.of());
    }

    /** Who signed the jar of {@code patch}, or {@code null} if it was not checked against a trust store. */
    public Signer signer(PatchStatus patch) {
        return signers.get(patch.sha256());
    }

    /** The document for a JVM without the agent: the contract's members, nothing patched. */
    public static StatusDocument noAgent(long pid) {
        return new StatusDocument(pid, null, List.of(), null, 0, List.of());
    }

    /** The active patch named {@code name}, or {@code null}. */
    public PatchStatus patch(String name) {
        for (PatchStatus p : patches) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        return null;
    }

    /** The words of the document for a transition's target state. */
    public static String word(PatchState target) {
        return target == PatchState.PATCHED ? "patched" : "unpatched";
    }

    /** The JSON text. */
    public String toJson() {
        JsonWriter json = new JsonWriter().beginObject();
        json.name("pid").value(pid);
        json.name("transition");
        if (transition == null) {
            json.nullValue();
        } else {
            json.beginObject()
                    .name("patch").value(transition.patch())
                    .name("target").value(word(transition.target()))
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
                    .name("sha256").value(p.sha256());
            Signer signer = signer(p);
            if (signer != null) {
                json.name("signer").value(signer.subject()).name("signerCertificateSha256").value(signer.sha256());
            }
            json.name("objects").beginArray();
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
        if (generation != 0) {
            json.name("generation").value(generation);
        }
        json.name("history").beginArray();
        for (History.Entry e : history) {
            json.beginObject()
                    .name("time").value(Instant.ofEpochMilli(e.epochMillis()).toString())
                    .name("op").value(e.op())
                    .name("patch").value(e.patch())
                    .name("sha256").value(e.sha256())
                    .name("user").value(e.requester().user())
                    .name("pid").value(e.requester().pid())
                    .name("via").value(e.requester().via())
                    .name("result").value(e.result());
            if (e.signer() != null) {
                json.name("signer").value(e.signer());
            }
            json.endObject();
        }
        json.endArray();
        return json.endObject().toString();
    }

    /**
     * Reads a document {@link #toJson} wrote (by this version of the agent or another).
     *
     * @throws IllegalArgumentException naming the first member that is missing or of the wrong type
     */
    public static StatusDocument fromJson(String text) {
        JsonMembers doc = JsonMembers.of(Json.parseObject(text), "status");
        JsonMembers t = doc.objectOrNull("transition");
        TransitionStatus transition = null;
        if (t != null) {
            List<Blocker> blockers = new ArrayList<>();
            for (JsonMembers b : t.objects("blockers")) {
                blockers.add(new Blocker(b.requiredString("thread"), b.requiredString("frame")));
            }
            transition = new TransitionStatus(t.requiredString("patch"), target(t.requiredString("target")),
                    (int) t.number("remaining", UNKNOWN), blockers);
        }
        List<PatchStatus> patches = new ArrayList<>();
        Map<String, Signer> signers = new HashMap<>();
        for (JsonMembers p : doc.objects("patches")) {
            String signer = p.string("signer");
            if (signer != null) {
                String certificate = p.string("signerCertificateSha256");
                signers.put(p.requiredString("sha256"), new Signer(signer, certificate == null ? "" : certificate));
            }
            List<PatchStatus.ObjectStatus> objects = new ArrayList<>();
            for (JsonMembers o : p.objects("objects")) {
                List<PatchStatus.FuncStatus> funcs = new ArrayList<>();
                for (JsonMembers f : o.objects("funcs")) {
                    funcs.add(new PatchStatus.FuncStatus(f.requiredString("name"), f.requiredString("descriptor"),
                            f.bool("nop")));
                }
                objects.add(new PatchStatus.ObjectStatus(o.requiredString("name"), o.bool("loaded"), o.bool("patched"),
                        funcs));
            }
            patches.add(new PatchStatus(p.requiredString("name"), p.bool("enabled"), p.bool("transition"),
                    p.bool("replace"), p.bool("forced"), (int) p.number("stackOrder"), p.requiredString("sha256"),
                    objects));
        }
        List<History.Entry> history = new ArrayList<>();
        for (JsonMembers h : doc.objectsIfAny("history")) {
            history.add(new History.Entry(time(h.requiredString("time")), h.requiredString("op"),
                    h.requiredString("patch"), h.requiredString("sha256"),
                    new Command.Requester(h.requiredString("user"), h.number("pid"), h.requiredString("via")),
                    h.requiredString("result"), h.string("signer")));
        }
        return new StatusDocument(doc.number("pid"), transition, patches, doc.string("agentVersion"),
                doc.number("generation", 0), history, signers);
    }

    private static PatchState target(String word) {
        return switch (word) {
            case "patched" -> PatchState.PATCHED;
            case "unpatched" -> PatchState.UNPATCHED;
            default -> throw new IllegalArgumentException("status member 'transition.target' is '" + word
                    + "', not 'patched' or 'unpatched'");
        };
    }

    private static long time(String iso) {
        try {
            return Instant.parse(iso).toEpochMilli();
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("status member 'history[].time' is not an ISO-8601 instant: " + iso);
        }
    }
}
