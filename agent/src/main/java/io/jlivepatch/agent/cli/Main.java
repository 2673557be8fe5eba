package io.jlivepatch.agent.cli;

/**
 * The {@code jlivepatch} command line (the agent jar's {@code Main-Class}). Runs in its own JVM,
 * never in the target. Placeholder until the CLI lands.
 */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        System.out.println("jlivepatch: the CLI is not built yet");
    }
}
