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

    static final Option<Boolean> FAST = Option.flag("--fast", "shorter phases (what CI runs)");
    static final Option<Path> SVG = Option.value("--svg", "<file>", "a path", Path::of,
            "also write the timeline as an SVG picture");

    static final Syntax SYNTAX = Syntax.of("demo", """
            Runs the live demo from a checkout: a shop service under load gets two hotfixes (the second
            a cumulative replace) and loses one, through this CLI, without a restart.""")
            .options(FAST, SVG)
            .exits(new Syntax.Exit(0, "the demo ran and every request got the version its phase expected"),
                    new Syntax.Exit(Failure.REFUSED, "the demo failed, or the samples are not built"), Syntax.Exit.USAGE);

    private DemoCommand() {}

    static int run(Cli cli, Args args) throws Failure {
        try {
            return run(args, cli.terminal().out(), cli.terminal().err());
        } catch (IOException e) {
            throw Failure.refused("jlivepatch demo: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Failure.refused("jlivepatch demo: interrupted");
        }
    }

    private static int run(Args args, PrintStream out, PrintStream err) throws IOException, InterruptedException {
        List<String> passed = new ArrayList<>();
        if (args.flag(FAST)) {
            passed.add(FAST.name());
        }
        if (args.value(SVG) != null) {
            passed.add(SVG.name());
            passed.add(args.value(SVG).toString());
        }
        Path agentJar = agentJar();
        Path samples = checkout(agentJar).resolve("samples").resolve("target");
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

    /** The checkout the agent jar was built in: {@code <checkout>/agent/target/jlivepatch-agent.jar}. */
    private static Path checkout(Path agentJar) throws IOException {
        Path target = agentJar.getParent();
        Path module = target == null ? null : target.getParent();
        if (module == null || module.getParent() == null || !target.endsWith("target") || !module.endsWith("agent")) {
            throw new IOException("the demo runs from a checkout, and " + agentJar
                    + " is not agent/target/jlivepatch-agent.jar of one");
        }
        return module.getParent();
    }

    private static Path agentJar() throws IOException {
        try {
            return Path.of(DemoCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath();
        } catch (URISyntaxException e) {
            throw new IOException("cannot locate the agent jar", e);
        }
    }
}
