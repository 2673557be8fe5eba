package io.jlivepatch.agent.cli;

import io.jlivepatch.agent.control.Command;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What every CLI command needs: this CLI's version, the agent jar it loads into targets (the jar it
 * runs from), who is asking (for the target's audit), and the terminal.
 *
 * <p>Immutable apart from the terminal; used by the CLI's main thread only.
 *
 * @param version the CLI's version ({@code Implementation-Version}), {@code dev} when run from classes
 * @param agentJar the agent jar's absolute path, or {@code null} if the CLI does not run from one
 * @param terminal where output goes
 */
record Cli(String version, String agentJar, Terminal terminal) {

    static Cli of(Terminal terminal) {
        String version = Main.class.getPackage().getImplementationVersion();
        return new Cli(version == null ? "dev" : version, findAgentJar(), terminal);
    }

    /** The jar this CLI runs from, or the {@code jlivepatch.agentJar} system property. */
    private static String findAgentJar() {
        String configured = System.getProperty("jlivepatch.agentJar");
        if (configured != null) {
            return Path.of(configured).toAbsolutePath().toString();
        }
        CodeSource source = Main.class.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return null;
        }
        try {
            Path path = Path.of(source.getLocation().toURI()).toAbsolutePath();
            return Files.isRegularFile(path) ? path.toString() : null;
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    /** The agent jar, or a failure saying how to run the CLI. */
    String requireAgentJar() throws Failure {
        if (agentJar == null) {
            throw Failure.refused("this CLI does not run from jlivepatch-agent.jar, so it has no agent to load:"
                    + " run it as 'java -jar jlivepatch-agent.jar ...' (or ./jlivepatch)");
        }
        return agentJar;
    }

    /** Who is asking, as the target's audit records it. */
    Command.Requester requester() {
        return new Command.Requester(System.getProperty("user.name", "?"), ProcessHandle.current().pid(), "cli");
    }

    /** A fresh reply id: unique enough among the replies a target keeps. */
    String newId() {
        return ProcessHandle.current().pid() + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
    }
}
