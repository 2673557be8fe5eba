package io.jlivepatch.agent.boot;

import io.jlivepatch.core.event.LivepatchListener;

/**
 * The {@code log=stderr} option: every message, debug lines included, on standard error, one line
 * each. Off until an agent start asks for it; nothing goes to the application's standard output.
 *
 * <p>Thread-safety: the flag is volatile; {@code System.err} serializes lines.
 */
final class StderrLog implements LivepatchListener {

    private volatile boolean enabled;

    void enable() {
        enabled = true;
    }

    @Override
    public void message(Level level, String text) {
        if (enabled) {
            System.err.println(text);
        }
    }
}
