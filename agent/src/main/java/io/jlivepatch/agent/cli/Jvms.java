package io.jlivepatch.agent.cli;

import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;
import java.util.ArrayList;
import java.util.List;

/**
 * The local JVMs (as {@link VirtualMachine#list()} sees them, from their performance-data files)
 * and the resolution of a {@code <pid>} argument: a process id, or a part of the main class that
 * matches exactly one JVM.
 *
 * <p>Stateless and thread-safe.
 */
final class Jvms {

    private Jvms() {}

    /** Every local JVM but this one, in pid order. */
    static List<Target> list() {
        long self = ProcessHandle.current().pid();
        List<Target> result = new ArrayList<>();
        for (VirtualMachineDescriptor d : VirtualMachine.list()) {
            long pid;
            try {
                pid = Long.parseLong(d.id());
            } catch (NumberFormatException e) {
                continue;
            }
            if (pid != self) {
                result.add(new Target(pid, mainClass(d.displayName())));
            }
        }
        result.sort((a, b) -> Long.compare(a.pid(), b.pid()));
        return result;
    }

    /** The main class (or jar) in a descriptor's display name: its first word. */
    static String mainClass(String displayName) {
        if (displayName == null || displayName.isBlank()) {
            return "?";
        }
        String first = displayName.trim().split("\\s+", 2)[0];
        return first;
    }

    /**
     * Resolves {@code spec}: all digits is a process id; anything else a part of a main class.
     *
     * @throws Failure naming the cause and the fix: no such process, not a JVM, another user's
     *     process, no match, or an ambiguous match (listing the candidates)
     */
    static Target resolve(String spec) throws Failure {
        if (spec.matches("\\d{1,10}")) {
            return byPid(Long.parseLong(spec));
        }
        return checked(byName(spec, list()));
    }

    /** The one JVM of {@code jvms} whose main class contains {@code spec}; no check of the process itself. */
    static Target byName(String spec, List<Target> jvms) throws Failure {
        List<Target> matches = new ArrayList<>();
        for (Target jvm : jvms) {
            if (jvm.mainClass().contains(spec)) {
                matches.add(jvm);
            }
        }
        if (matches.isEmpty()) {
            throw Failure.refused("no Java process whose main class contains '" + spec
                    + "': run 'jlivepatch ps' to see the Java processes, and give a pid or a part of a main class");
        }
        if (matches.size() > 1) {
            StringBuilder text = new StringBuilder("'" + spec + "' matches " + matches.size()
                    + " Java processes; give a pid, or a longer part of the main class:");
            for (Target t : matches) {
                text.append("\n  ").append(t.pid()).append("  ").append(t.mainClass());
            }
            throw Failure.refused(text.toString());
        }
        return matches.get(0);
    }

    private static Target byPid(long pid) throws Failure {
        if (pid == ProcessHandle.current().pid()) {
            throw Failure.refused("process " + pid + " is this jlivepatch command itself");
        }
        if (ProcFs.available()) {
            // /proc answers in microseconds; VirtualMachine.list() reads every JVM's performance
            // data and costs 100-300 ms of a command meant to take a few hundred.
            if (!ProcFs.exists(pid)) {
                throw Failure.refused("no process with pid " + pid
                        + ": run 'jlivepatch ps' to see the Java processes you can patch");
            }
            checkUser(new Target(pid, "?"));
            if (!Boolean.TRUE.equals(ProcFs.hasJvm(pid))) {
                // Never attach to it: the Attach API's first step, SIGQUIT, would terminate it.
                throw Failure.refused("process " + pid + " (" + ProcFs.command(pid) + ") is not a Java virtual machine"
                        + ": run 'jlivepatch ps' to see the Java processes you can patch");
            }
            return new Target(pid, ProcFs.mainClass(pid));
        }
        for (Target jvm : list()) {
            if (jvm.pid() == pid) {
                return jvm;
            }
        }
        throw Failure.refused("no Java process with pid " + pid
                + ": run 'jlivepatch ps' to see the Java processes you can patch");
    }

    private static Target checked(Target target) throws Failure {
        if (ProcFs.available()) {
            if (!ProcFs.exists(target.pid())) {
                throw Failure.refused("process " + target.pid() + " has just exited");
            }
            checkUser(target);
        }
        return target;
    }

    /**
     * The Attach API lets only the process's own user (or root) attach; jlivepatch has no other
     * channel, by design. Say so up front, naming both users, instead of a ten-second timeout.
     */
    static void checkUser(Target target) throws Failure {
        int mine = ProcFs.myUid();
        int theirs = ProcFs.uid(target.pid());
        if (mine == 0 || mine < 0 || theirs < 0 || mine == theirs) {
            return;
        }
        String owner = ProcFs.owner(target.pid());
        String me = System.getProperty("user.name", "uid " + mine);
        throw Failure.refused(target + " runs as user '" + owner + "', and you are '" + me
                + "': the Attach API, jlivepatch's only channel, lets only the same user attach."
                + " Run the command as that user, for example: sudo -u " + owner + " jlivepatch ...");
    }
}
