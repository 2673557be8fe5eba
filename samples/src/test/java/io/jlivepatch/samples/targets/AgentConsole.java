package io.jlivepatch.samples.targets;

import io.jlivepatch.agent.boot.Boot;
import io.jlivepatch.core.reader.PatchJarReader;
import io.jlivepatch.core.registry.Livepatch;
import io.jlivepatch.core.registry.PatchStatus;
import io.jlivepatch.core.registry.TransitionStatus;
import java.nio.file.Path;

/**
 * The console commands that use the agent's Java API ({@link Boot#livepatch()}). Kept apart from
 * {@link TargetMain} so that nothing loads an agent class before the agent is there.
 */
final class AgentConsole {

    private AgentConsole() {}

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
                return SelftestConsole.handles(command) ? SelftestConsole.run(command, arg)
                        : TransitionConsole.run(command, arg);
        }
    }
}
