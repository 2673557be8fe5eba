package io.jlivepatch.agent.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jlivepatch.agent.options.AgentOptions;
import org.junit.jupiter.api.Test;

/** Commands travel as agent options: what the CLI writes, the agent reads back. */
class CommandTest {

    @Test
    void roundTripsThroughTheAgentOptionsText() {
        Command load = new Command(Command.Kind.LOAD, "/tmp/x,y.jar", null, "ab12", "42-ff", "1.0",
                new Command.Requester("alice", 42, "cli"));
        assertEquals(load, Command.from(AgentOptions.parse(load.toOptions().toString())));
        Command disable = new Command(Command.Kind.DISABLE, null, "fix-a", null, "id", null,
                new Command.Requester("bob", 7, "cli"));
        assertEquals(disable, Command.from(AgentOptions.parse(disable.toOptions().toString())));
        assertEquals("fix-a", disable.subject());
        assertEquals("/tmp/x,y.jar", load.subject());
    }

    @Test
    void noCommandKeyIsNoCommand() {
        assertNull(Command.from(AgentOptions.parse("patches=/p,log=stderr")));
    }

    @Test
    void missingRequesterReadsAsUnknown() {
        Command c = Command.from(AgentOptions.parse("command=force,name=fix-a,clientpid=x"));
        assertEquals(new Command.Requester("?", -1, "cli"), c.requester());
        assertEquals("user '?' via cli", c.requester().toString());
    }

    @Test
    void refusesUnknownCommandsAndMissingSubjects() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> Command.from(AgentOptions.parse("command=unload,name=x")));
        assertEquals("jlivepatch: unknown command 'unload': expected load, disable, force or reverse", unknown.getMessage());
        IllegalArgumentException noPatch = assertThrows(IllegalArgumentException.class,
                () -> Command.from(AgentOptions.parse("command=load,name=x")));
        assertEquals("jlivepatch: command load needs patch=...", noPatch.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Command.from(AgentOptions.parse("command=disable")));
    }
}
