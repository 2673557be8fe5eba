package io.jlivepatch.agent.control.json;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Typed reading of one JSON object that {@link Json} parsed: each accessor checks the member's type
 * and names the member, with its path in the document, when it is missing or of the wrong type, so
 * that a reader of the control channel never casts.
 *
 * <p>Immutable and thread-safe (it reads an unmodifiable map).
 */
public final class JsonMembers {

    private final Map<String, Object> json;
    private final String document;
    private final String path;

    private JsonMembers(Map<String, Object> json, String document, String path) {
        this.json = json;
        this.document = document;
        this.path = path;
    }

    /**
     * The top-level object of a document.
     *
     * @param document what the document is, for errors ({@code "status"}, {@code "reply"})
     */
    public static JsonMembers of(Map<String, Object> json, String document) {
        return new JsonMembers(json, document, "");
    }

    /** Whether the member is present (possibly {@code null}). */
    public boolean has(String key) {
        return json.containsKey(key);
    }

    /** A string member, {@code null} if absent or {@code null}. */
    public String string(String key) {
        Object v = json.get(key);
        if (v != null && !(v instanceof String)) {
            throw wrong(key, "a string");
        }
        return (String) v;
    }

    /** A string member that must be present and not {@code null}. */
    public String requiredString(String key) {
        String v = string(key);
        if (v == null) {
            throw wrong(key, "a string");
        }
        return v;
    }

    /** A boolean member that must be present. */
    public boolean bool(String key) {
        if (!(json.get(key) instanceof Boolean b)) {
            throw wrong(key, "a boolean");
        }
        return b;
    }

    /** An integer member that must be present. */
    public long number(String key) {
        if (!(json.get(key) instanceof Long n)) {
            throw wrong(key, "an integer");
        }
        return n;
    }

    /** An integer member, {@code otherwise} if absent. */
    public long number(String key, long otherwise) {
        return has(key) ? number(key) : otherwise;
    }

    /** An object member, {@code null} if it is {@code null}; it must be present. */
    @SuppressWarnings("unchecked")
    public JsonMembers objectOrNull(String key) {
        if (!has(key)) {
            throw wrong(key, "an object or null");
        }
        Object v = json.get(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Map)) {
            throw wrong(key, "an object or null");
        }
        return new JsonMembers((Map<String, Object>) v, document, at(key));
    }

    /** An array of objects that must be present. */
    public List<JsonMembers> objects(String key) {
        if (!(json.get(key) instanceof List<?> list)) {
            throw wrong(key, "an array");
        }
        return objects(key, list);
    }

    /** An array of objects, empty if absent. */
    public List<JsonMembers> objectsIfAny(String key) {
        return has(key) ? objects(key) : List.of();
    }

    @SuppressWarnings("unchecked")
    private List<JsonMembers> objects(String key, List<?> list) {
        List<JsonMembers> result = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            String where = at(key) + "[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> m)) {
                throw new IllegalArgumentException(document + " member '" + where + "' is not an object");
            }
            result.add(new JsonMembers((Map<String, Object>) m, document, where));
        }
        return result;
    }

    private String at(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private IllegalArgumentException wrong(String key, String expected) {
        return new IllegalArgumentException(document + " member '" + at(key) + "' is "
                + (json.containsKey(key) ? "not " + expected : "missing"));
    }
}
