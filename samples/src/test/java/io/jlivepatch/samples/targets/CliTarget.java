package io.jlivepatch.samples.targets;

/**
 * {@link TargetMain}, the one console, under a main class name of its own: the CLI tests pick their
 * target the way an operator would, by a part of its main class name ({@code jlivepatch load
 * CliTarget ...}), and assert that name in the CLI's output, so their target must not share it with
 * the other suites' consoles.
 *
 * <p>Thread-safety: as {@link TargetMain}.
 */
public final class CliTarget {

    private CliTarget() {}

    /**
     * Runs the console.
     *
     * @param args ignored
     * @throws Exception as {@link TargetMain#main}
     */
    public static void main(String[] args) throws Exception {
        TargetMain.main(args);
    }
}
