package io.jlivepatch.agent;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;

/**
 * {@link AgentMain} never lets anything escape into the host JVM (architecture.md habit 2), here with
 * an {@link Instrumentation} whose every method throws. The happy paths run in forked JVMs
 * (the samples module's {@code AgentLoadIT}), since defining the runtime in this JVM's boot loader cannot
 * be undone.
 *
 * <p>Thread-safety: JUnit runs the methods one at a time.
 */
class AgentMainTest {

    @Test
    void theTestJvmHasNoRuntimeOnTheBootstrapClassPath() {
        // the runtime is a provided dependency: on the application class path here, never the bootstrap's
        assertFalse(runtimeInBootLoader());
    }

    /**
     * This fails at the first use of the instrumentation (or, without one, at reading the options);
     * every failure must be swallowed (and logged at ERROR, which shows on stderr).
     */
    @Test
    void premainAndAgentmainSwallowEveryFailure() {
        Instrumentation broken = (Instrumentation) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {Instrumentation.class}, (proxy, method, args) -> {
                    throw new StackOverflowError("broken instrumentation: " + method.getName());
                });
        assertDoesNotThrow(() -> AgentMain.premain("opts", broken));
        assertDoesNotThrow(() -> AgentMain.agentmain(null, broken));
        assertDoesNotThrow(() -> AgentMain.premain(null, null));
        assertFalse(runtimeInBootLoader());
    }

    private static boolean runtimeInBootLoader() {
        try {
            Class.forName("io.jlivepatch.runtime.Dispatch", false, null);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
