package io.jlivepatch.core.event;

/**
 * Receives the engine's messages: the kernel's phrases with the {@code jlivepatch: } prefix (see
 * {@link Messages}). The agent forwards them to {@code System.Logger}; tests collect them into a
 * transcript and compare it like the kernel selftests' {@code check_result}.
 *
 * <p>Thread-safety: called from whichever thread runs an operation (the caller of the registry, or
 * the transition driver); implementations must be thread-safe and must not call back into the
 * registry.
 */
@FunctionalInterface
public interface LivepatchListener {

    /** Message levels, as in the kernel: notice, warning, error, and debug (dynamic debug). */
    enum Level { DEBUG, NOTICE, WARNING, ERROR }

    void message(Level level, String text);

    /** A listener that drops everything. */
    LivepatchListener NONE = (level, text) -> { };

    /** Forwards to both listeners, {@code first} first. */
    static LivepatchListener both(LivepatchListener first, LivepatchListener second) {
        return (level, text) -> {
            first.message(level, text);
            second.message(level, text);
        };
    }
}
