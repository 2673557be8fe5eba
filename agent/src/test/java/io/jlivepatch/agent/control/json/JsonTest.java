package io.jlivepatch.agent.control.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The JSON writer and parser: round trips, escapes, number forms, strictness, misuse. */
class JsonTest {

    @Test
    void writesCompactDocumentsInOrder() {
        String json = new JsonWriter().beginObject()
                .name("pid").value(42)
                .name("transition").nullValue()
                .name("patches").beginArray()
                .beginObject().name("name").value("fix-a").name("enabled").value(true).endObject()
                .beginObject().name("name").value("fix-b").name("enabled").value(false).endObject()
                .endArray()
                .name("empty").beginArray().endArray()
                .endObject().toString();
        assertEquals("{\"pid\":42,\"transition\":null,\"patches\":[{\"name\":\"fix-a\",\"enabled\":true},"
                + "{\"name\":\"fix-b\",\"enabled\":false}],\"empty\":[]}", json);
    }

    @Test
    void roundTripsEveryKindOfValue() {
        String tricky = "quote\" backslash\\ slash/ newline\n tab\t cr\r bell\u0007 nul\u0000 é ☃ \u2028";
        String json = new JsonWriter().beginObject()
                .name("s").value(tricky)
                .name("n").value(-9_007_199_254_740_993L)
                .name("b").value(false)
                .name("z").nullValue()
                .name("a").beginArray().value(1).value("x").nullValue().beginArray().endArray().endArray()
                .name("o").beginObject().endObject()
                .endObject().toString();
        Map<String, Object> parsed = Json.parseObject(json);
        assertEquals(tricky, parsed.get("s"));
        assertEquals(-9_007_199_254_740_993L, parsed.get("n"));
        assertEquals(false, parsed.get("b"));
        assertTrue(parsed.containsKey("z"));
        assertNull(parsed.get("z"));
        assertEquals(Arrays.asList(1L, "x", null, List.of()), parsed.get("a"));
        assertEquals(Map.of(), parsed.get("o"));
        assertEquals(List.of("s", "n", "b", "z", "a", "o"), List.copyOf(parsed.keySet()), "document order");
        assertTrue(json.contains("\\u0007") && json.contains("\\u0000") && json.contains("\\u2028"), json);
    }

    @Test
    void parsesNumbersWhitespaceAndEscapesOfOtherWriters() {
        Object value = Json.parse(" { \"a\" : [ 0 , -1.5e3 , 2E-2 , 12345678901234567890 ] ,\n\t\"b\":\"\\u00e9\\/\\b\\f\" } ");
        Map<?, ?> map = (Map<?, ?>) value;
        assertEquals(List.of(0L, -1500.0, 0.02, 1.2345678901234567E19), map.get("a"));
        assertEquals("é/\b\f", map.get("b"));
        assertEquals(new LinkedHashMap<>(), Json.parse("{}"));
        assertEquals("x", Json.parse("\"x\""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "{\"a\"}", "{\"a\":1,}", "[1,]", "[1 2]", "{\"a\":1}x", "01", "-", "1.", "1e",
        "\"unterminated", "\"bad \\x escape\"", "\"\\u12\"", "tru", "nul", "{a:1}", "\"raw\ncontrol\"",
        "{\"a\":1,\"a\":2}"})
    void refusesWhatIsNotJson(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parse(text));
        assertTrue(e.getMessage().startsWith("bad JSON at offset "), e.getMessage());
    }

    @Test
    void parseObjectWantsAnObject() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parseObject("[1]"));
        assertEquals("expected a JSON object, got an array", e.getMessage());
    }

    @Test
    void parsedValuesAreUnmodifiable() {
        Map<String, Object> map = Json.parseObject("{\"a\":[1]}");
        assertThrows(UnsupportedOperationException.class, () -> map.put("b", 1));
        assertThrows(UnsupportedOperationException.class, () -> ((List<?>) map.get("a")).clear());
    }

    @Test
    void writerMisuseThrows() {
        assertThrows(IllegalStateException.class, () -> new JsonWriter().beginObject().value(1));
        assertThrows(IllegalStateException.class, () -> new JsonWriter().beginArray().name("x"));
        assertThrows(IllegalStateException.class, () -> new JsonWriter().beginObject().endArray());
        assertThrows(IllegalStateException.class, () -> new JsonWriter().beginObject().name("a").endObject());
        assertThrows(IllegalStateException.class, () -> new JsonWriter().beginObject().toString());
        assertThrows(IllegalStateException.class, () -> new JsonWriter().value(1).value(2));
    }
}
