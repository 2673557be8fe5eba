package io.jlivepatch.samples.targets;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

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
        serve(TargetMain::answer);
    }

    /**
     * The console's line protocol, for this console and for a target that must answer its own
     * commands ({@code FaultTarget}): {@code test: ready <pid>}, then for each command line a
     * {@code % <command>} echo and one {@code test: <answer>} line ({@code test: error: ...} when
     * {@code answers} throws), until {@code quit} ({@code test: bye}) or end of input.
     *
     * @throws IOException if standard input cannot be read
     */
    static void serve(Function<String, String> answers) throws IOException {
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
            String answer;
            try {
                answer = answers.apply(line);
            } catch (Throwable t) {
                answer = "error: " + t;
            }
            System.out.println("test: " + answer);
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
