package io.jlivepatch.agent.control.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * JFR event {@code io.jlivepatch.Transition}: a transition, from its start to its completion (a
 * duration event, so Mission Control draws it as a span). Committed at completion.
 *
 * <p>Not thread-safe, like every JFR event: one {@link JfrEvents} keeps at most one open.
 */
@Name("io.jlivepatch.Transition")
@Label("Livepatch Transition")
@Description("A patching or unpatching transition, from start to completion")
@Category("jlivepatch")
@StackTrace(false)
final class TransitionEvent extends Event {

    @Label("Patch")
    String patch;

    @Label("Target")
    @Description("the state the transition completed in: patched or unpatched")
    String target;

    @Label("Reversed")
    @Description("whether the transition was reversed before it completed")
    boolean reversed;
}
