package io.jlivepatch.agent.control.jfr;

import io.jlivepatch.agent.control.Command;
import io.jlivepatch.agent.control.OperationEvents;
import io.jlivepatch.core.event.LivepatchListener;
import jdk.jfr.FlightRecorder;

/**
 * The agent's {@link OperationEvents} on a JVM with {@code jdk.jfr}: hands over to
 * {@link JfrEvents} only once Flight Recorder has been initialized (a recording was started, at
 * startup or later). Until then no event class is loaded: the first load of a JFR event class
 * registers it with JFR, which parses its annotations and costs a first attach about 150 ms
 * (measured), for events nobody records.
 *
 * <p>Thread-safety: thread-safe; {@code events} is created once, under {@code this}.
 */
public final class LazyJfrEvents implements OperationEvents {

    private volatile JfrEvents events;

    private JfrEvents events() {
        JfrEvents current = events;
        if (current == null) {
            synchronized (this) {
                current = events;
                if (current == null) {
                    current = new JfrEvents();
                    events = current;
                }
            }
        }
        return current;
    }

    private static boolean recording() {
        return FlightRecorder.isInitialized();
    }

    @Override
    public void operation(Command.Kind kind, String patch, String sha256, Command.Requester requester, String result) {
        if (recording()) {
            events().operation(kind, patch, sha256, requester, result);
        }
    }

    @Override
    public LivepatchListener transitions() {
        return (level, text) -> {
            if (recording()) {
                events().transitions().message(level, text);
            }
        };
    }
}
