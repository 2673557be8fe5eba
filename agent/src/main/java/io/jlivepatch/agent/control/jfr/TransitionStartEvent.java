package io.jlivepatch.agent.control.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * JFR event {@code io.jlivepatch.TransitionStart}: a patching or unpatching transition started.
 *
 * <p>Not thread-safe, like every JFR event.
 */
@Name("io.jlivepatch.TransitionStart")
@Label("Livepatch Transition Start")
@Description("A patching or unpatching transition started")
@Category("jlivepatch")
@StackTrace(false)
final class TransitionStartEvent extends Event {

    @Label("Patch")
    String patch;

    @Label("Target")
    @Description("patched or unpatched")
    String target;
}
