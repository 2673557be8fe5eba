package io.jlivepatch.samples.targets;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * The one in-target console of the end-to-end tests: the forked target JVM reads commands from
 * standard input, one per line, echoes each as {@code % command} (like the kernel selftests'
 * harness) and answers it with one line starting with {@code test: } (an exception becomes
 * {@code test: error: ...}); it starts with {@code test: ready <pid>} and ends on {@code quit}
 * ({@code test: bye}) or end of input.
 *
 * <p>The commands live in small command sets, one per concern, tried in this order:
 * <ol>
 *   <li>{@link AppCommands}: calls into the sample application, waiting for the agent;
 *   <li>{@link CliCommands}: what the CLI tests read the way an operator would (MBeans, JFR, a held
 *       thread);
 *   <li>{@link AgentCommands}: the agent's Java API, then through it {@link SelftestCommands} (the
 *       ported kernel selftests) and {@link TransitionCommands} (transitions, replace, stress
 *       workers). The first two sets never touch an agent class; this one is reached only for a
 *       command they do not have, so that nothing resolves an agent class before the agent is there
 *       (the JVM would remember the failure).
 * </ol>
 *
 * <p>Thread-safety: one thread, the main thread, reads and answers; command sets that start workers
 * make them daemons.
 */
public final class TargetMain {

    private TargetMain() {}

    /**
     * Runs the console until {@code quit} or end of input.
     *
     * @param args ignored
     * @throws Exception if standard input cannot be read
     */
    public static void main(String[] args) throws Exception {
        System.out.println("test: ready " + ProcessHandle.current().pid());
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            line = line.trim();
            if (line.isEmpty()) {
                continue;
            }
            System.out.println("% " + line);
            if (line.equals("quit")) {
                System.out.println("test: bye");
                return;
            }
            System.out.println("test: " + answer(line));
        }
    }

    private static String answer(String line) {
        String[] words = line.split(" ", 2);
        String command = words[0];
        String arg = words.length > 1 ? words[1] : "";
        try {
            if (AppCommands.handles(command)) {
                return AppCommands.run(command, arg);
            }
            if (CliCommands.handles(command)) {
                return CliCommands.run(command, arg);
            }
            return AgentCommands.dispatch(command, arg);
        } catch (Throwable t) {
            return "error: " + t;
        }
    }
}
