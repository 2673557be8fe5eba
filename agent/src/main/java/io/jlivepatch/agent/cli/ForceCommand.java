package io.jlivepatch.agent.cli;

import io.jlivepatch.agent.control.Command;
import io.jlivepatch.agent.control.Reply;

/**
 * {@code force <pid> <name>}: forces the transition of the patch in transition, then prints the
 * messages of the operation (the transition completes within the command).
 *
 * <p>Stateless and thread-safe.
 */
final class ForceCommand {

    private ForceCommand() {}

    static int run(Cli cli, String spec, String name) throws Failure {
        String agentJar = cli.requireAgentJar();
        Target target = Jvms.resolve(spec);
        try (Session session = Session.attach(target, cli.terminal()::error)) {
            Preflight preflight = Preflight.check(session, cli.version());
            if (preflight.agentVersion() == null) {
                throw Failure.refused(target + " has no jlivepatch agent loaded, so no patch '" + name + "' to force");
            }
            Reply reply = session.send(agentJar, new Command(Command.Kind.FORCE, null, name, null, cli.newId(),
                    cli.version(), cli.requester()));
            if (!reply.ok()) {
                throw Failure.refused("cannot force patch '" + name + "' in " + target + ": " + reply.error());
            }
            TransitionWait wait = new TransitionWait(session, cli.terminal(), reply.firstSeq(),
                    cli.terminal()::line);
            // The forced transition completes under the engine's lock within the command; this only
            // collects its messages (and would wait if completion ever became asynchronous).
            wait.await(name, Operation.REVERSE_WAIT_MILLIS);
            preflight.notes().forEach(cli.terminal()::error);
            return 0;
        }
    }
}
