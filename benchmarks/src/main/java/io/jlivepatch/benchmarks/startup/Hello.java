package io.jlivepatch.benchmarks.startup;

/**
 * The hello-world workload of {@link StartupHarness}: prints one line and exits.
 *
 * <p>Thread-safety: runs as the {@code main} of its own JVM only.
 */
public final class Hello {

    private Hello() {}

    public static void main(String[] args) {
        System.out.println("hello");
    }
}
