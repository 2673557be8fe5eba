package io.jlivepatch.agent.control.json;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A small streaming JSON writer: compact output, strings escaped per RFC 8259 (control characters
 * as six-character {@code u} escapes), keys in the order they are written. Misuse (a value where a name is due, an
 * unbalanced end) throws {@link IllegalStateException}, so a bug cannot produce JSON that parses
 * into something else.
 *
 * <p>Why hand-written: the agent jar shades nothing but ASM, and the control channel and
 * {@code list --json} need only this much.
 *
 * <p>Not thread-safe: one writer builds one document on one thread.
 */
public final class JsonWriter {

    private enum Scope { OBJECT_NAME, OBJECT_VALUE, ARRAY }

    private final StringBuilder out = new StringBuilder();
    private final Deque<Scope> scopes = new ArrayDeque<>();
    private final Deque<Boolean> first = new ArrayDeque<>();
    private boolean done;

    /** Starts an object (as a value). */
    public JsonWriter beginObject() {
        beforeValue();
        out.append('{');
        scopes.push(Scope.OBJECT_NAME);
        first.push(true);
        return this;
    }

    /** Ends the innermost object. */
    public JsonWriter endObject() {
        if (scopes.peek() != Scope.OBJECT_NAME) {
            throw new IllegalStateException("endObject outside an object, or after a name without value");
        }
        scopes.pop();
        first.pop();
        out.append('}');
        afterValue();
        return this;
    }

    /** Starts an array (as a value). */
    public JsonWriter beginArray() {
        beforeValue();
        out.append('[');
        scopes.push(Scope.ARRAY);
        first.push(true);
        return this;
    }

    /** Ends the innermost array. */
    public JsonWriter endArray() {
        if (scopes.peek() != Scope.ARRAY) {
            throw new IllegalStateException("endArray outside an array");
        }
        scopes.pop();
        first.pop();
        out.append(']');
        afterValue();
        return this;
    }

    /** Writes a member name; a value must follow. */
    public JsonWriter name(String name) {
        if (scopes.peek() != Scope.OBJECT_NAME) {
            throw new IllegalStateException("name '" + name + "' outside an object or where a value is due");
        }
        comma();
        string(name);
        out.append(':');
        scopes.pop();
        scopes.push(Scope.OBJECT_VALUE);
        return this;
    }

    /** Writes a string, or {@code null}. */
    public JsonWriter value(String value) {
        if (value == null) {
            return nullValue();
        }
        beforeValue();
        string(value);
        afterValue();
        return this;
    }

    /** Writes a number. */
    public JsonWriter value(long value) {
        beforeValue();
        out.append(value);
        afterValue();
        return this;
    }

    /** Writes {@code true} or {@code false}. */
    public JsonWriter value(boolean value) {
        beforeValue();
        out.append(value);
        afterValue();
        return this;
    }

    /** Writes {@code null}. */
    public JsonWriter nullValue() {
        beforeValue();
        out.append("null");
        afterValue();
        return this;
    }

    /**
     * Writes {@code json}, a complete JSON value produced elsewhere (by another writer), as is.
     * The caller vouches that it is valid JSON.
     */
    public JsonWriter rawValue(String json) {
        beforeValue();
        out.append(json);
        afterValue();
        return this;
    }

    /** {@return the document} */
    @Override
    public String toString() {
        if (!scopes.isEmpty()) {
            throw new IllegalStateException("unclosed object or array");
        }
        return out.toString();
    }

    private void beforeValue() {
        if (done) {
            throw new IllegalStateException("a JSON document has one top-level value");
        }
        Scope scope = scopes.peek();
        if (scope == Scope.OBJECT_NAME) {
            throw new IllegalStateException("a value inside an object needs a name first");
        }
        if (scope == Scope.ARRAY) {
            comma();
        }
    }

    private void afterValue() {
        Scope scope = scopes.peek();
        if (scope == null) {
            done = true;
        } else if (scope == Scope.OBJECT_VALUE) {
            scopes.pop();
            scopes.push(Scope.OBJECT_NAME);
        }
    }

    private void comma() {
        if (first.pop()) {
            first.push(false);
        } else {
            first.push(false);
            out.append(',');
        }
    }

    private void string(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        // U+2028/9 are valid JSON but break JavaScript consumers that eval lines
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
