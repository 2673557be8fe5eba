package io.jlivepatch.agent.cli;

import io.jlivepatch.agent.control.Channel;
import io.jlivepatch.agent.control.StatusDocument;
import java.util.Properties;

/**
 * {@code list <pid> [--json]}: reads the agent's {@link StatusDocument} through its command socket, or
 * with a read-only attach operation (no agent is loaded, so listing never changes the target). A JVM
 * without the agent lists nothing.
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
                // The agent's text as published: it is this type's output, members of a newer agent included.
                cli.terminal().line(text != null ? text : StatusDocument.noAgent(target.pid()).toJson());
            } else {
                cli.terminal().line(ListText.render(target, version, Session.status(props, target.pid())));
            }
            if (version != null && !version.equals(cli.version())) {
                cli.terminal().error("jlivepatch: note: " + Preflight.versionMismatch(target, version, cli.version()));
            }
            return 0;
        }
    }
}
