package io.jlivepatch.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Naming a target by a main-class substring: exactly one match, or a refusal that lists the candidates. */
class JvmsTest {

    private static final List<Target> JVMS = List.of(
            new Target(11, "com.example.OrderService"),
            new Target(12, "com.example.OrderServiceTest"),
            new Target(13, "/opt/app/billing.jar"));

    @Test
    void aUniqueSubstringNamesTheJvm() throws Failure {
        assertEquals(13, Jvms.byName("billing", JVMS).pid());
        assertEquals(12, Jvms.byName("ServiceTest", JVMS).pid());
    }

    @Test
    void anAmbiguousSubstringListsTheCandidates() {
        Failure f = assertThrows(Failure.class, () -> Jvms.byName("OrderService", JVMS));
        assertEquals(Failure.REFUSED, f.exitCode());
        assertEquals("'OrderService' matches 2 Java processes; give a pid, or a longer part of the main class:\n"
                + "  11  com.example.OrderService\n  12  com.example.OrderServiceTest", f.getMessage());
    }

    @Test
    void noMatchSaysHowToFindOne() {
        Failure f = assertThrows(Failure.class, () -> Jvms.byName("Nope", JVMS));
        assertEquals("no Java process whose main class contains 'Nope': run 'jlivepatch ps' to see the Java"
                + " processes, and give a pid or a part of a main class", f.getMessage());
    }

    @Test
    void theMainClassIsTheDisplayNamesFirstWord() {
        assertEquals("com.example.Main", Jvms.mainClass("com.example.Main --port 8080"));
        assertEquals("/opt/app.jar", Jvms.mainClass("/opt/app.jar"));
        assertEquals("?", Jvms.mainClass(""));
        assertEquals("?", Jvms.mainClass(null));
    }

    @Test
    void thisProcessIsNeverATarget() {
        Failure f = assertThrows(Failure.class, () -> Jvms.resolve(Long.toString(ProcessHandle.current().pid())));
        assertEquals(Failure.REFUSED, f.exitCode());
    }
}
