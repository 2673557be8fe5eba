package io.jlivepatch.agent.options;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one option grammar: startup options, the CLI's command options, and the escaping that lets paths hold commas. */
class AgentOptionsTest {

    @Test
    void parsesStartupOptions() {
        AgentOptions options = AgentOptions.parse("patches=/opt/patches, log=stderr");
        assertEquals("/opt/patches", options.get(AgentOptions.PATCHES));
        assertTrue(options.logToStderr());
        assertNull(options.get(AgentOptions.COMMAND));
        assertEquals(Map.of(), AgentOptions.parse(null).values());
        assertEquals(Map.of(), AgentOptions.parse("  ").values());
    }

    @Test
    void commandOptionsRoundTripWithCommasAndPercentSignsInValues() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(AgentOptions.COMMAND, "load");
        values.put(AgentOptions.PATCH, "/tmp/a,b/100%25,done%2C/fix=1.jar");
        values.put(AgentOptions.USER, "o'brien");
        values.put(AgentOptions.CLIENT_PID, "123");
        AgentOptions options = AgentOptions.of(values);
        String text = options.toString();
        assertEquals("command=load,patch=/tmp/a%2Cb/100%2525%2Cdone%252C/fix=1.jar,user=o'brien,clientpid=123", text);
        assertEquals(values, AgentOptions.parse(text).values());
    }

    @Test
    void handTypedValuesKeepTheirPercentSigns() {
        assertEquals("/dir%20x/%zz%", AgentOptions.parse("patches=/dir%20x/%zz%").get(AgentOptions.PATCHES));
        assertEquals("a,b", AgentOptions.parse("patches=a%2cb").get(AgentOptions.PATCHES));
    }

    @Test
    void refusesUnknownKeysAndBadValuesNamingThem() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> AgentOptions.parse("patchez=/x"));
        assertTrue(unknown.getMessage().startsWith("jlivepatch: bad agent option 'patchez=/x': expected key=value"),
                unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> AgentOptions.parse("patches"));
        IllegalArgumentException log = assertThrows(IllegalArgumentException.class, () -> AgentOptions.parse("log=stdout"));
        assertEquals("jlivepatch: bad agent option 'log=stdout': the only value is stderr", log.getMessage());
        assertThrows(IllegalArgumentException.class, () -> AgentOptions.of(Map.of("nope", "1")));
    }

    @Test
    void watchIsOffByDefaultAndPollsEveryTwoSeconds() {
        AgentOptions options = AgentOptions.parse("patches=/patches");
        assertFalse(options.watch());
        assertEquals(2_000, options.watchPeriodMillis());
    }

    @Test
    void parsesWatchAndItsPeriod() {
        AgentOptions options = AgentOptions.parse("patches=/patches,watch=true,watchperiod=100,log=stderr");
        assertTrue(options.watch());
        assertEquals(100, options.watchPeriodMillis());
        assertFalse(AgentOptions.parse("patches=/p,watch=false").watch());
        // A period without watch is allowed (watch may be switched off in a template that keeps it).
        assertEquals(50, AgentOptions.parse("patches=/p,watchperiod=50").watchPeriodMillis());
    }

    @Test
    void refusesBadWatchValuesNamingThem() {
        assertEquals("jlivepatch: bad agent option 'watch=yes': expected true or false",
                assertThrows(IllegalArgumentException.class, () -> AgentOptions.parse("patches=/p,watch=yes")).getMessage());
        assertEquals("jlivepatch: agent option watch=true needs patches=<dir>, the directory to watch",
                assertThrows(IllegalArgumentException.class, () -> AgentOptions.parse("watch=true")).getMessage());
        for (String period : new String[] {"abc", "0", "-5", "9", "1.5", ""}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> AgentOptions.parse("patches=/p,watch=true,watchperiod=" + period));
            assertEquals("jlivepatch: bad agent option 'watchperiod=" + period
                    + "': expected a number of milliseconds, at least 10", e.getMessage());
        }
        assertEquals(10, AgentOptions.parse("patches=/p,watch=true,watchperiod=10").watchPeriodMillis());
    }
}
