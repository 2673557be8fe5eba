package io.jlivepatch.agent.cli;

import io.jlivepatch.agent.control.History;
import io.jlivepatch.agent.control.StatusDocument;
import io.jlivepatch.core.registry.PatchStatus;
import io.jlivepatch.core.registry.TransitionStatus;
import io.jlivepatch.core.transition.Blocker;
import java.time.Instant;

/**
 * {@code list} as text: the transition with its blockers, the patches in stack order with their
 * objects and funcs, and the audit history, rendered from the {@link StatusDocument}.
 *
 * <p>Stateless and thread-safe.
 */
final class ListText {

    private ListText() {}

    static String render(Target target, String agentVersion, StatusDocument status) {
        StringBuilder out = new StringBuilder();
        if (agentVersion == null) {
            return out.append(target).append(": no jlivepatch agent loaded; nothing is patched").toString();
        }
        out.append(target).append(": jlivepatch agent ").append(agentVersion).append('\n');
        TransitionStatus t = status.transition();
        if (t == null) {
            out.append("transition: none\n");
        } else {
            out.append("transition: '").append(t.patch()).append("' to ").append(StatusDocument.word(t.target()))
                    .append(", ").append(t.remaining()).append(t.remaining() == 1 ? " thread" : " threads")
                    .append(" remaining\n");
            for (Blocker b : t.blockers()) {
                out.append("  ").append(b.thread()).append(" is sleeping on function ").append(b.frame()).append('\n');
            }
        }
        out.append(status.patches().isEmpty() ? "patches: none\n" : "patches (stack order, newest last):\n");
        for (PatchStatus p : status.patches()) {
            out.append("  ").append(p.stackOrder()).append(". ").append(p.name())
                    .append(p.enabled() ? " enabled" : " disabled")
                    .append(p.transition() ? " [in transition]" : "")
                    .append(p.replace() ? " [replace]" : "")
                    .append(p.forced() ? " [forced]" : "")
                    .append("  sha256 ").append(p.sha256()).append('\n');
            for (PatchStatus.ObjectStatus o : p.objects()) {
                out.append("       ").append(o.name()).append(o.loaded() ? "" : "  (not loaded yet)").append('\n');
                for (PatchStatus.FuncStatus f : o.funcs()) {
                    out.append("         ").append(f.name()).append(f.descriptor()).append(f.nop() ? "  (nop)" : "")
                            .append('\n');
                }
            }
        }
        if (!status.history().isEmpty()) {
            out.append("history (oldest first):\n");
            for (History.Entry h : status.history()) {
                out.append("  ").append(Instant.ofEpochMilli(h.epochMillis())).append(' ').append(h.op()).append(" '")
                        .append(h.patch()).append("' by ").append(h.requester().user()).append(" pid ")
                        .append(h.requester().pid()).append(" via ").append(h.requester().via()).append(": ")
                        .append(h.result()).append('\n');
            }
        }
        return out.toString().stripTrailing();
    }
}
