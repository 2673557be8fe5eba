package io.jlivepatch.runtime;

import java.util.function.Consumer;

/**
 * Where {@link io.jlivepatch.api.Unloading#announce} reaches the agent: the agent installs its
 * handler once; without one, announcements do nothing.
 *
 * <p>Thread-safety: the handler field is volatile: written by the agent's boot step, read by every
 * announcement.
 */
public final class LoaderGoing {

    /** Written by {@link #install}, read by {@link #announce}. */
    private static volatile Consumer<ClassLoader> handler;

    private LoaderGoing() {}

    /** Installs the agent's handler; a re-attached agent replaces it. */
    public static void install(Consumer<ClassLoader> newHandler) {
        handler = newHandler;
    }

    /** Passes {@code loader} to the installed handler, if any. */
    public static void announce(ClassLoader loader) {
        Consumer<ClassLoader> current = handler;
        if (current != null) {
            current.accept(loader);
        }
    }
}
