package io.jlivepatch.agent.cli;

import io.jlivepatch.agent.control.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A status snapshot the agent published (the {@code list --json} document), read by the CLI.
 *
 * <p>Immutable and thread-safe.
 *
 * @param json the parsed document
 */
record Status(Map<String, Object> json) {

    /**
     * The transition in progress.
     *
     * @param patch the transition patch
     * @param target {@code patched} or {@code unpatched}
     * @param remaining threads not yet switched, or {@code -1} if unknown
     * @param blockers {@code thread}/{@code frame} pairs from the driver's last pass
     */
    record Transition(String patch, String target, long remaining, List<Map<String, Object>> blockers) {
    }

    /** The document for a JVM without the agent: no transition, no patches. */
    static Status none(long pid) {
        return new Status(Map.of("pid", pid, "patches", List.of(), "history", List.of()));
    }

    /**
     * Parses a published snapshot.
     *
     * @throws Failure if it is not the document this CLI understands
     */
    static Status parse(String text) throws Failure {
        try {
            return new Status(Json.parseObject(text));
        } catch (IllegalArgumentException e) {
            throw Failure.refused("the agent published a status this CLI cannot read: " + e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    Transition transition() {
        Object t = json.get("transition");
        if (!(t instanceof Map)) {
            return null;
        }
        Map<String, Object> m = (Map<String, Object>) t;
        Object remaining = m.get("remaining");
        return new Transition((String) m.get("patch"), (String) m.get("target"),
                remaining instanceof Long r ? r : -1, maps(m.get("blockers")));
    }

    List<Map<String, Object>> patches() {
        return maps(json.get("patches"));
    }

    List<Map<String, Object>> history() {
        return maps(json.get("history"));
    }

    /** The patch named {@code name}, or {@code null}. */
    Map<String, Object> patch(String name) {
        for (Map<String, Object> p : patches()) {
            if (name.equals(p.get("name"))) {
                return p;
            }
        }
        return null;
    }

    /** The objects of patch {@code name} whose class is not loaded yet. */
    List<String> notLoaded(String name) {
        List<String> result = new ArrayList<>();
        Map<String, Object> p = patch(name);
        if (p != null) {
            for (Map<String, Object> o : maps(p.get("objects"))) {
                if (Boolean.FALSE.equals(o.get("loaded"))) {
                    result.add((String) o.get("name"));
                }
            }
        }
        return result;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> maps(Object list) {
        List<Map<String, Object>> result = new ArrayList<>();
        if (list instanceof List<?> l) {
            for (Object o : l) {
                if (o instanceof Map) {
                    result.add((Map<String, Object>) o);
                }
            }
        }
        return result;
    }
}
