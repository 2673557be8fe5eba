package io.jlivepatch.agent.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.StringReader;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** What the command socket answers to a properties request: the string entries, readable by {@code Properties.load}. */
class CommandSocketPropertiesTest {

    @Test
    void stringEntriesRoundTripAndOthersAreLeftOut() throws Exception {
        Properties published = new Properties();
        published.setProperty(Channel.VERSION, "1.2.3");
        published.setProperty(Channel.STATUS, "{\"pid\":1,\"patches\":[],\"note\":\"a=b, c\\\\d\"}");
        published.setProperty(Channel.LOG, "1\tINFO\tjlivepatch: 'fix': patching complete\n2\tINFO\tüber # ! =");
        published.put("not-a-string", 42); // system properties may hold such values; store() would throw

        Properties read = new Properties();
        read.load(new StringReader(CommandSocket.storeStrings(published)));

        published.remove("not-a-string");
        assertEquals(Map.copyOf(published), Map.copyOf(read));
    }
}
