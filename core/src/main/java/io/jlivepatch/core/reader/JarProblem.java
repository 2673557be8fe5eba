package io.jlivepatch.core.reader;

/**
 * What is wrong with a jar, said by the part of the reader that found it before anyone knows which
 * jar it is; {@link PatchJarReader} turns it into a {@link PatchFormatException} naming the jar.
 *
 * <p>The message is a predicate of the jar, such as {@code "is not a jar file"}. Thrown and caught
 * within one read, so never shared between threads.
 */
final class JarProblem extends Exception {
    private static final long serialVersionUID = 1L;

    JarProblem(String problem) {
        super(problem);
    }

    JarProblem(String problem, Throwable cause) {
        super(problem, cause);
    }
}
