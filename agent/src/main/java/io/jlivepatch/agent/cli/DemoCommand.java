package io.jlivepatch.agent.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code jlivepatch demo [--fast] [--svg <file>]}: runs the live demo of the samples module
 * ({@code io.jlivepatch.samples.demo.LiveDemo}) in a child JVM, with this agent jar and the sample
 * patch jars, and returns its exit code. The demo itself drives this CLI for every operation, so it
 * shows exactly what an operator would type and see.
 *
 * <p>It runs from a checkout: the samples are found next to the agent jar
 * ({@code agent/target/jlivepatch-agent.jar} → {@code samples/target/}); the root
 * {@code ./jlivepatch} script builds them when they are missing.
 *
 * <p>Thread-safety: called once by the CLI's main thread.
 */
final class DemoCommand {

    private DemoCommand() {}

    static int run(List<String> args, PrintStream out, PrintStream err) throws IOException, InterruptedException {
        List<String> passed = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--fast")) {
                passed.add(arg);
            } else if (arg.equals("--svg") && i + 1 < args.size()) {
                passed.add(arg);
                passed.add(args.get(++i));
            } else {
                err.println("jlivepatch demo: unknown option '" + arg + "'; usage: jlivepatch demo [--fast] [--svg <file>]");
                return 2;
            }
        }
        Path agentJar = agentJar();
        Path samples = agentJar.getParent().getParent().getParent().resolve("samples").resolve("target");
        Path classes = samples.resolve("classes");
        Path patches = samples.resolve("patches");
        if (!Files.isRegularFile(classes.resolve("io/jlivepatch/samples/demo/LiveDemo.class"))
                || !Files.isRegularFile(patches.resolve("fix-rounding.jar"))) {
            err.println("jlivepatch demo: the samples are not built (" + samples
                    + "); run ./jlivepatch demo from the checkout, or mvn -B -DskipTests package first");
            return 1;
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classes.toString(), "io.jlivepatch.samples.demo.LiveDemo",
                "--agent", agentJar.toString(), "--patches", patches.toString()));
        command.addAll(passed);
        out.flush();
        Process demo = new ProcessBuilder(command).inheritIO().start();
        return demo.waitFor();
    }

    private static Path agentJar() throws IOException {
        try {
            return Path.of(DemoCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath();
        } catch (URISyntaxException e) {
            throw new IOException("cannot locate the agent jar", e);
        }
    }
}
