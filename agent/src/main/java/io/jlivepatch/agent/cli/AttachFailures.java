package io.jlivepatch.agent.cli;

import com.sun.tools.attach.AgentInitializationException;
import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.AttachNotSupportedException;

/**
 * Turns what the Attach API throws into a {@link Failure} that names the cause and the fix. The
 * JDK's messages are terse ("Unable to open socket file", "No such process"); users of other tools
 * report exactly these as bugs (peers §3, Arthas #3246, #514, #362, #2167).
 *
 * <p>Stateless and thread-safe.
 */
final class AttachFailures {

    private AttachFailures() {}

    static Failure of(Target target, String step, Throwable e) {
        String message = String.valueOf(e.getMessage());
        String what;
        if (e instanceof AttachNotSupportedException && message.contains("does not support the attach mechanism")) {
            what = target + " was started with -XX:+DisableAttachMechanism, so no tool can attach to it: restart it"
                    + " without that option, or load patches at startup with"
                    + " -javaagent:jlivepatch-agent.jar=patches=<dir>";
        } else if (message.contains("No such process")) {
            what = "no process with pid " + target.pid() + " (it may have just exited)";
        } else if (e instanceof AttachNotSupportedException && (message.contains("Unable to open socket file")
                || message.contains("doesn't respond"))) {
            what = target + " did not answer the attach request in time. It may be starting or hung, run in another"
                    + " container (a different /tmp: attach from inside the container), have SIGQUIT blocked"
                    + " (-Xrs), or belong to another user. Check with: jcmd " + target.pid() + " VM.version";
        } else if (message.contains("should be owned by the current user") || message.contains("Permission denied")
                || message.contains("not secure")) {
            what = target + " cannot be attached to by you (" + message + "): the Attach API lets only the"
                    + " process's own user attach; run the command as the user that owns it";
        } else if (e instanceof AgentLoadException && message.contains("Dynamic agent loading is not enabled")) {
            what = target + " runs with -XX:-EnableDynamicAgentLoading (JDK 21+), which refuses agents at run time:"
                    + " restart it with -XX:+EnableDynamicAgentLoading, or load patches at startup with"
                    + " -javaagent:jlivepatch-agent.jar=patches=<dir>";
        } else if (e instanceof AgentInitializationException init) {
            what = "the jlivepatch agent did not start in " + target + " (agentmain returned " + init.returnValue()
                    + "): look for 'jlivepatch:' lines in the process's standard error";
        } else if (e instanceof AgentLoadException) {
            what = target + " could not load the jlivepatch agent jar (" + message + "); the process must be able"
                    + " to read the jar at the same path, and run Java 17 or newer";
        } else if (e instanceof UnsupportedClassVersionError) {
            what = target + " runs a Java older than 17, which jlivepatch does not support";
        } else {
            what = "cannot " + step + " " + target + ": " + e;
        }
        return new Failure(Failure.REFUSED, what, e);
    }
}
