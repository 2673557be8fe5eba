package io.jlivepatch.agent.cli;

import java.util.List;
import java.util.Map;

/**
 * {@code list} as text: the transition with its blockers, the patches in stack order with their
 * objects and funcs, and the audit history.
 *
 * <p>Stateless and thread-safe.
 */
final class ListText {

    private ListText() {}

    static String render(Target target, String agentVersion, Status status) {
        StringBuilder out = new StringBuilder();
        if (agentVersion == null) {
            return out.append(target).append(": no jlivepatch agent loaded; nothing is patched").toString();
        }
        out.append(target).append(": jlivepatch agent ").append(agentVersion).append('\n');
        Status.Transition t = status.transition();
        if (t == null) {
            out.append("transition: none\n");
        } else {
            out.append("transition: '").append(t.patch()).append("' to ").append(t.target()).append(", ")
                    .append(t.remaining()).append(t.remaining() == 1 ? " thread" : " threads").append(" remaining\n");
            for (Map<String, Object> b : t.blockers()) {
                out.append("  ").append(b.get("thread")).append(" is sleeping on function ").append(b.get("frame"))
                        .append('\n');
            }
        }
        List<Map<String, Object>> patches = status.patches();
        out.append(patches.isEmpty() ? "patches: none\n" : "patches (stack order, newest last):\n");
        for (Map<String, Object> p : patches) {
            out.append("  ").append(p.get("stackOrder")).append(". ").append(p.get("name"))
                    .append(flag(p, "enabled", " enabled", " disabled"))
                    .append(flag(p, "transition", " [in transition]", ""))
                    .append(flag(p, "replace", " [replace]", ""))
                    .append(flag(p, "forced", " [forced]", ""))
                    .append("  sha256 ").append(p.get("sha256")).append('\n');
            for (Map<String, Object> o : Status.maps(p.get("objects"))) {
                out.append("       ").append(o.get("name"))
                        .append(Boolean.TRUE.equals(o.get("loaded")) ? "" : "  (not loaded yet)").append('\n');
                for (Map<String, Object> f : Status.maps(o.get("funcs"))) {
                    out.append("         ").append(f.get("name")).append(f.get("descriptor"))
                            .append(Boolean.TRUE.equals(f.get("nop")) ? "  (nop)" : "").append('\n');
                }
            }
        }
        List<Map<String, Object>> history = status.history();
        if (!history.isEmpty()) {
            out.append("history (oldest first):\n");
            for (Map<String, Object> h : history) {
                out.append("  ").append(h.get("time")).append(' ').append(h.get("op")).append(" '").append(h.get("patch"))
                        .append("' by ").append(h.get("user")).append(" pid ").append(h.get("pid")).append(" via ")
                        .append(h.get("via")).append(": ").append(h.get("result")).append('\n');
            }
        }
        return out.toString().stripTrailing();
    }

    private static String flag(Map<String, Object> p, String key, String yes, String no) {
        return Boolean.TRUE.equals(p.get(key)) ? yes : no;
    }
}
