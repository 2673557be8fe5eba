package io.jlivepatch.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.tools.attach.AgentInitializationException;
import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.AttachNotSupportedException;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The Attach API's terse exceptions become messages naming the cause and the fix, all with exit 1. */
class AttachFailuresTest {

    private static final Target TARGET = new Target(77, "a.Main");

    private static String message(Throwable e) {
        Failure f = AttachFailures.of(TARGET, "attach to", e);
        assertEquals(Failure.REFUSED, f.exitCode());
        return f.getMessage();
    }

    @Test
    void eachKnownCauseHasItsFix() {
        assertTrue(message(new AttachNotSupportedException("The VM does not support the attach mechanism"))
                .startsWith("process 77 (a.Main) was started with -XX:+DisableAttachMechanism"));
        assertEquals("no process with pid 77 (it may have just exited)", message(new IOException("No such process")));
        assertTrue(message(new AttachNotSupportedException("Unable to open socket file /tmp/.java_pid77: target process"
                + " 77 doesn't respond within 10500ms or HotSpot VM not loaded"))
                .startsWith("process 77 (a.Main) did not answer the attach request in time"));
        assertTrue(message(new IOException("file should be owned by the current user (which is 1000) but is owned by 0"))
                .contains("lets only the process's own user attach"));
        assertTrue(message(new AgentLoadException("Dynamic agent loading is not enabled. Use -XX:+EnableDynamicAgentLoading"
                + " to launch target VM.")).contains("restart it with -XX:+EnableDynamicAgentLoading"));
        assertTrue(message(new AgentInitializationException("Agent JAR loaded but agent failed to initialize", 1))
                .startsWith("the jlivepatch agent did not start in process 77 (a.Main) (agentmain returned 1)"));
        assertTrue(message(new AgentLoadException("Agent JAR not found or no Agent-Class attribute"))
                .contains("must be able to read the jar at the same path, and run Java 17 or newer"));
        assertEquals("cannot attach to process 77 (a.Main): java.io.IOException: odd", message(new IOException("odd")));
    }
}
