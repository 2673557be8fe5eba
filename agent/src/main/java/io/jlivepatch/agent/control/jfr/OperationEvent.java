package io.jlivepatch.agent.control.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.StackTrace;

/**
 * The fields every jlivepatch operation event has: which patch, its jar's SHA-256, who asked, and
 * how it ended. The stack trace is off: it would show the attach thread, never the requester.
 *
 * <p>Not thread-safe, like every JFR event: one thread fills and commits an instance.
 */
@Category("jlivepatch")
@StackTrace(false)
abstract class OperationEvent extends Event {

    @Label("Patch")
    String patch;

    @Label("SHA-256")
    @Description("SHA-256 of the patch jar")
    String sha256;

    @Label("Requested By")
    @Description("OS user, process id and channel of the requester")
    String requester;

    @Label("Result")
    @Description("ok, or the reason of the refusal")
    String result;
}
