package io.jlivepatch.agent.cli;

import io.jlivepatch.agent.control.Channel;
import io.jlivepatch.agent.control.CommandSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The checks before a command loads anything into a target, each refusing with cause and fix: an
 * agent of another version is already running there; the target runs a Java older than 17; it
 * refuses dynamically loaded agents ({@code -XX:-EnableDynamicAgentLoading}) and has no agent with a
 * command socket. Also notes, for JDK 21+ targets without {@code -XX:+EnableDynamicAgentLoading} and
 * without a command socket, the warning the JVM prints on every dynamic agent load (JEP 451).
 *
 * <p>Immutable and thread-safe.
 *
 * @param agentVersion the running agent's version, or {@code null} if none is loaded
 * @param javaFeature the target's Java feature version
 * @param notes what to tell the user after the command
 */
record Preflight(String agentVersion, int javaFeature, List<String> notes) {

    static Preflight check(Session session, String cliVersion) throws Failure {
        Properties agent = session.agentProperties();
        String agentVersion = agent.getProperty(Channel.VERSION);
        Target target = session.target();
        if (agentVersion != null && !agentVersion.equals(cliVersion)) {
            throw Failure.refused(versionMismatch(target, agentVersion, cliVersion));
        }
        int feature = javaFeature(session.systemProperties().getProperty("java.specification.version"));
        if (feature > 0 && feature < 17) {
            throw Failure.refused(target + " runs Java " + feature + "; jlivepatch needs Java 17 or newer");
        }
        List<String> notes = new ArrayList<>();
        if (feature >= 21 && !session.hasCommandSocket()) {
            Boolean dynamic = dynamicAgentLoading(agent.getProperty("sun.jvm.args"), agent.getProperty("sun.jvm.flags"));
            if (Boolean.FALSE.equals(dynamic) && agentVersion != null) {
                // It has the agent, whose socket is gone: deleted by a /tmp cleaner, most likely.
                throw Failure.refused(target + " has the jlivepatch agent but no command socket just now (a /tmp"
                        + " cleaner may have deleted it), and runs with -XX:-EnableDynamicAgentLoading, so the agent cannot be loaded again:"
                        + " the agent binds its socket again within " + CommandSocket.CHECK_MILLIS / 1000
                        + " s; retry then");
            }
            if (Boolean.FALSE.equals(dynamic)) {
                throw Failure.refused(target + " runs with -XX:-EnableDynamicAgentLoading (JDK 21+), which refuses"
                        + " agents at run time: restart it with -XX:+EnableDynamicAgentLoading, or load patches at"
                        + " startup with -javaagent:jlivepatch-agent.jar=patches=<dir>");
            }
            if (dynamic == null) {
                notes.add("jlivepatch: note: " + target + " runs Java " + feature + ", which prints a warning about a"
                        + " dynamically loaded agent (JEP 451) on its standard error for each jlivepatch load,"
                        + " disable or force; that is expected. Start it with -XX:+EnableDynamicAgentLoading"
                        + " to hide the warning.");
            }
        }
        return new Preflight(agentVersion, feature, notes);
    }

    static String versionMismatch(Target target, String agentVersion, String cliVersion) {
        return target + " runs the jlivepatch " + agentVersion + " agent, and this is the jlivepatch " + cliVersion
                + " CLI: one JVM keeps the agent it loaded first. Use the jlivepatch " + agentVersion
                + " CLI with this process, or restart the process to use " + cliVersion;
    }

    /** {@code "1.8"} is 8, {@code "17"} is 17; 0 if unknown. */
    static int javaFeature(String specificationVersion) {
        if (specificationVersion == null) {
            return 0;
        }
        String v = specificationVersion.startsWith("1.") ? specificationVersion.substring(2) : specificationVersion;
        int dot = v.indexOf('.');
        try {
            return Integer.parseInt(dot < 0 ? v : v.substring(0, dot));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * What the JVM's arguments say about {@code EnableDynamicAgentLoading}: the last of
     * {@code -XX:+/-EnableDynamicAgentLoading} wins; {@code null} if neither is given (the default:
     * allowed with a warning on JDK 21+).
     */
    static Boolean dynamicAgentLoading(String... argumentLists) {
        Boolean result = null;
        for (String args : argumentLists) {
            if (args == null) {
                continue;
            }
            for (String arg : args.split("\\s+")) {
                if (arg.equals("-XX:+EnableDynamicAgentLoading")) {
                    result = true;
                } else if (arg.equals("-XX:-EnableDynamicAgentLoading")) {
                    result = false;
                }
            }
        }
        return result;
    }
}
