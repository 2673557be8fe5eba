package io.jlivepatch.agent.control;

import io.jlivepatch.core.event.LivepatchListener;

/**
 * Where operations and transitions are recorded besides the log: JFR events when the JVM has
 * {@code jdk.jfr} ({@link io.jlivepatch.agent.control.jfr.JfrEvents}), nothing otherwise.
 *
 * <p>Implementations must be thread-safe and cheap while nobody records.
 */
public interface OperationEvents {

    /** Records a finished command (carried out or refused). */
    void operation(Command.Kind kind, String patch, String sha256, Command.Requester requester, String result);

    /** A listener for the engine's messages that records transitions (start, completion). */
    LivepatchListener transitions();

    /** Records nothing. */
    OperationEvents NONE = new OperationEvents() {
        @Override
        public void operation(Command.Kind kind, String patch, String sha256, Command.Requester requester,
                              String result) {
        }

        @Override
        public LivepatchListener transitions() {
            return LivepatchListener.NONE;
        }
    };
}
