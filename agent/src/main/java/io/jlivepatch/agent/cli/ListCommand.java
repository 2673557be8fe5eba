package io.jlivepatch.agent.cli;

import io.jlivepatch.agent.control.Channel;
import io.jlivepatch.agent.control.json.JsonWriter;
import java.util.Properties;

/**
 * {@code list <pid> [--json]}: reads the agent's status snapshot with a read-only attach operation
 * (no agent is loaded, so listing never changes the target). A JVM without the agent lists nothing.
 *
 * <p>Stateless and thread-safe.
 */
final class ListCommand {

    private ListCommand() {}

    static int run(Cli cli, String spec, boolean json) throws Failure {
        Target target = Jvms.resolve(spec);
        try (Session session = Session.attach(target)) {
            Properties props = session.agentProperties();
            String version = props.getProperty(Channel.VERSION);
            String text = props.getProperty(Channel.STATUS);
            if (json) {
                cli.terminal().line(text != null ? text : noAgent(target.pid()));
            } else {
                Status status = text == null ? Status.none(target.pid()) : Status.parse(text);
                cli.terminal().line(ListText.render(target, version, status));
            }
            if (version != null && !version.equals(cli.version())) {
                cli.terminal().error("jlivepatch: note: " + Preflight.versionMismatch(target, version, cli.version()));
            }
            return 0;
        }
    }

    /** The document for a JVM without the agent: the contract's members, nothing patched. */
    static String noAgent(long pid) {
        return new JsonWriter().beginObject().name("pid").value(pid).name("transition").nullValue()
                .name("patches").beginArray().endArray().name("agentVersion").nullValue()
                .name("history").beginArray().endArray().endObject().toString();
    }
}
