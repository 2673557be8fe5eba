package io.jlivepatch.core.reader;

import java.util.Objects;

/**
 * A patch jar that cannot be read: missing, unreadable, not a jar, not a patch, or a patch whose
 * manifest, class files or annotations are wrong.
 *
 * <p>The message is one sentence whose subject is the jar, for example
 * {@code /tmp/fix.jar is not a patch: no Livepatch-Name attribute in its manifest}, so the CLI and
 * the agent can print it as it is.
 *
 * <p>Thread-safety: its own state is immutable; like any exception, safe to share once thrown.
 */
public final class PatchFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String jar;

    /**
     * @param jar how the jar is shown to the user: its path, or the name it was sent under
     * @param problem what is wrong, as a predicate of the jar ({@code "is not a jar file"})
     */
    PatchFormatException(String jar, String problem, Throwable cause) {
        super(Objects.requireNonNull(jar, "jar") + " " + problem, cause);
        this.jar = jar;
    }

    /** The jar the message is about, as it was named to the reader. */
    public String jar() {
        return jar;
    }
}
