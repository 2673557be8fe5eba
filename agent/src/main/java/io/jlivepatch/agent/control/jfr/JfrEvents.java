package io.jlivepatch.agent.control.jfr;

import io.jlivepatch.agent.control.Command;
import io.jlivepatch.agent.control.OperationEvents;
import io.jlivepatch.core.event.LivepatchListener;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link OperationEvents} as JFR events, so patch operations show in Mission Control recordings:
 * {@code io.jlivepatch.Enable}, {@code .Disable}, {@code .Force} for commands, and
 * {@code io.jlivepatch.TransitionStart} and {@code io.jlivepatch.Transition} (a duration event) for
 * transitions. Used through {@link LazyJfrEvents}, once Flight Recorder is initialized; events are
 * only committed when {@code shouldCommit()}.
 *
 * <p>Transitions are recognized from the engine's messages, whose phrases are a contract
 * (architecture §6): {@code '<p>': starting <patching|unpatching> transition} and
 * {@code '<p>': <patching|unpatching> complete}. A second start before a completion is a reversal.
 *
 * <p>Thread-safety: thread-safe; the open transition event is guarded by {@code this}. The
 * listener runs with the engine's lock held and never calls back into it.
 */
final class JfrEvents implements OperationEvents {

    private static final Pattern START = Pattern.compile("jlivepatch: '(.+)': starting (patching|unpatching) transition");
    private static final Pattern COMPLETE = Pattern.compile("jlivepatch: '(.+)': (patching|unpatching) complete");

    private TransitionEvent open;

    @Override
    public void operation(Command.Kind kind, String patch, String sha256, Command.Requester requester, String result) {
        OperationEvent event = switch (kind) {
            case LOAD -> new EnableEvent();
            case DISABLE, REVERSE -> new DisableEvent();
            case FORCE -> new ForceEvent();
        };
        if (event.shouldCommit()) {
            event.patch = patch;
            event.sha256 = sha256;
            event.requester = requester.toString();
            event.result = result;
            event.commit();
        }
    }

    @Override
    public LivepatchListener transitions() {
        return this::message;
    }

    private synchronized void message(LivepatchListener.Level level, String text) {
        Matcher start = START.matcher(text);
        if (start.matches()) {
            TransitionStartEvent event = new TransitionStartEvent();
            if (event.shouldCommit()) {
                event.patch = start.group(1);
                event.target = start.group(2).equals("patching") ? "patched" : "unpatched";
                event.commit();
            }
            if (open != null && open.patch.equals(start.group(1))) {
                open.reversed = true;
            } else {
                open = new TransitionEvent();
                open.patch = start.group(1);
                open.begin();
            }
            return;
        }
        Matcher complete = COMPLETE.matcher(text);
        if (complete.matches() && open != null && open.patch.equals(complete.group(1))) {
            open.end();
            if (open.shouldCommit()) {
                open.target = complete.group(2).equals("patching") ? "patched" : "unpatched";
                open.commit();
            }
            open = null;
        }
    }
}
