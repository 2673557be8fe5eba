package io.jlivepatch.agent.control;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The command socket's files in {@code /tmp} (the socket and its owner-only directory) and their
 * removal when the JVM exits, by a shutdown hook registered <em>before</em> either file exists.
 *
 * <p>Why a hook and one lock, not {@code File.deleteOnExit}: the JDK's deletion at exit runs once,
 * early in the shutdown, and the JVM halts some milliseconds later; the command thread, a daemon, may
 * still be binding then, and whatever it creates after that pass stays in {@code /tmp} for good (demo
 * services that end as soon as they listen left a directory or a socket behind 6 times in 20 rounds
 * of {@code Bench startup}). Here creation ({@link #create}) and removal ({@link #remove}, the hook) exclude each other:
 * an exit that begins during a bind waits for it (milliseconds, in that race only) and then removes
 * what it made, and a bind after the exit began creates nothing.
 *
 * <p>Registering fails when the JVM is already exiting (a short-lived program, or an AOT-cache
 * training run, ended before the command thread got here): {@link #register} then answers
 * {@code null} and the caller creates nothing and says nothing, since a message would land on the
 * application's stderr and, during a training run, put the JDK's logging into the cache that every
 * later start loads.
 *
 * <p>Thread-safety: thread-safe; {@link #create} and {@link #remove} are serialized on this object.
 */
final class SocketFiles implements Runnable {

    /** File creation that may fail. */
    interface Creation {
        void run() throws IOException;
    }

    private final Path socket;
    private final Path directory;
    /** Set by the hook: from then on nothing is created. Guarded by {@code this}. */
    private boolean removed;

    private SocketFiles(Path socket) {
        this.socket = socket;
        this.directory = socket.getParent();
    }

    /**
     * Registers the removal of {@code socket} and its directory at exit.
     *
     * @return the files' guard, or {@code null} if the JVM is already exiting
     */
    static SocketFiles register(Path socket) {
        SocketFiles files = new SocketFiles(socket);
        // The object itself, not a lambda: the first lambda of this thread would spin
        // invokedynamic classes first, milliseconds in which the JVM may have started exiting.
        Thread hook = new Thread(files, "jlivepatch-socket-removal");
        hook.setDaemon(true);
        try {
            Runtime.getRuntime().addShutdownHook(hook);
            return files;
        } catch (IllegalStateException | LinkageError e) {
            // "Shutdown in progress"; a LinkageError if the hooks' class first initializes now.
            return null;
        }
    }

    /**
     * Runs {@code creation} unless the JVM has begun removing the files.
     *
     * @return {@code false} if it has (nothing was created)
     */
    synchronized boolean create(Creation creation) throws IOException {
        if (removed) {
            return false;
        }
        creation.run();
        return true;
    }

    /** The shutdown hook: {@link #remove}. */
    @Override
    public void run() {
        remove();
    }

    /** Removes the socket, then its directory; nothing is created after. */
    synchronized void remove() {
        removed = true;
        deleteQuietly(socket);
        deleteQuietly(directory);
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException | RuntimeException e) {
            // The JVM is exiting: a directory someone else filled meanwhile stays, and there is no
            // one to tell.
        }
    }
}
