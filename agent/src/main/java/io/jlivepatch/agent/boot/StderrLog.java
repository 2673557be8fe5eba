package io.jlivepatch.agent.boot;

import io.jlivepatch.core.event.LivepatchListener;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The {@code log=stderr} option: every message, debug lines included, on the process's standard
 * error (file descriptor 2), one line each. Off until an agent start asks for it; nothing goes to the
 * application's standard output.
 *
 * <p>It writes to the descriptor, not to {@code System.err}: an application (or its logging
 * framework) may have replaced {@code System.err}, and the operator who asked for these lines wants
 * them on the process's stderr, not mixed into the application's own log.
 *
 * <p>Thread-safety: the stream is created once under the monitor and is itself synchronized per
 * line; the field is volatile: written by {@link #enable}, read by {@link #message}.
 */
final class StderrLog implements LivepatchListener {

    private volatile PrintStream out;

    synchronized void enable() {
        if (out == null) {
            out = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        }
    }

    @Override
    public void message(Level level, String text) {
        PrintStream stream = out;
        if (stream != null) {
            stream.println(text);
        }
    }
}
