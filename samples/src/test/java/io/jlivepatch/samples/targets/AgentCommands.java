package io.jlivepatch.samples.targets;

import io.jlivepatch.agent.boot.Boot;
import io.jlivepatch.core.reader.PatchJarReader;
import io.jlivepatch.core.registry.Livepatch;
import io.jlivepatch.core.registry.PatchStatus;
import io.jlivepatch.core.registry.TransitionStatus;
import java.nio.file.Path;
import java.util.Set;

/**
 * The console's commands on the agent's Java API ({@link Boot#livepatch()}): {@code enable <jar>},
 * {@code disable <patch>}, {@code force <patch>}, {@code idle}, {@code transition}, {@code list},
 * {@code objects}, {@code retransforms}. A command set of {@link TargetMain}, and the door to the
 * other sets that need the agent ({@link SelftestCommands}, {@link TransitionCommands}): the console
 * reaches this class only for a command the agent-free sets do not have, so that nothing loads an
 * agent class before the agent is there.
 *
 * <p>Thread-safety: called from the console's one thread.
 */
final class AgentCommands {

    private static final Set<String> COMMANDS = Set.of("enable", "disable", "force", "idle", "transition", "list",
            "objects", "retransforms");

    private AgentCommands() {}

    /** Runs {@code command} from this set or from another that needs the agent. */
    static String dispatch(String command, String arg) throws Exception {
        if (COMMANDS.contains(command)) {
            return run(command, arg);
        }
        if (SelftestCommands.handles(command)) {
            return SelftestCommands.run(command, arg);
        }
        return TransitionCommands.run(command, arg);
    }

    static String run(String command, String arg) throws Exception {
        Livepatch livepatch = Boot.livepatch();
        switch (command) {
            case "enable":
                livepatch.enable(PatchJarReader.read(Path.of(arg)));
                return "ok";
            case "disable":
                livepatch.disable(arg);
                return "ok";
            case "force":
                livepatch.force(arg);
                return "ok";
            case "idle":
                for (int i = 0; i < 2000 && livepatch.isInTransition(); i++) {
                    Thread.sleep(5);
                }
                return livepatch.isInTransition() ? "still in transition" : "idle";
            case "transition":
                TransitionStatus t = livepatch.transition();
                return t == null ? "none" : t.patch() + " " + t.target() + " remaining=" + t.remaining()
                        + " blockers=" + t.blockers();
            case "list":
                java.util.List<String> rows = new java.util.ArrayList<>();
                for (PatchStatus p : livepatch.patches()) {
                    rows.add(p.name() + (p.enabled() ? "+" : "-") + " order=" + p.stackOrder()
                            + (p.transition() ? " transition" : ""));
                }
                return rows.isEmpty() ? "no patches" : String.join("; ", rows);
            case "objects":
                java.util.List<String> objects = new java.util.ArrayList<>();
                for (PatchStatus p : livepatch.patches()) {
                    for (PatchStatus.ObjectStatus o : p.objects()) {
                        objects.add(o.name() + " loaded=" + o.loaded());
                    }
                }
                return String.join("; ", objects);
            case "retransforms":
                return "retransforms=" + Boot.retransformCalls();
            default:
                throw new IllegalArgumentException("unknown command " + command);
        }
    }
}
