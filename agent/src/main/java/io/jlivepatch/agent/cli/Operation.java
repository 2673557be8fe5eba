package io.jlivepatch.agent.cli;

import io.jlivepatch.agent.control.Command;
import io.jlivepatch.agent.control.Reply;
import io.jlivepatch.agent.control.StatusDocument;
import io.jlivepatch.agent.control.json.JsonWriter;
import io.jlivepatch.core.model.Patch;
import io.jlivepatch.core.reader.PatchFormatException;
import io.jlivepatch.core.reader.PatchJarReader;
import io.jlivepatch.core.registry.PatchStatus;
import io.jlivepatch.core.registry.TransitionStatus;
import io.jlivepatch.core.transition.Blocker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code load} and {@code disable}: send the command, follow the transition to its end, and on
 * timeout reverse it (like kpatch) unless asked to keep it; print the operation's messages as text,
 * or one JSON object with {@code --json}:
 * <pre>{"pid":N,"command":S,"patch":S,"sha256":S|null,"exit":N,"result":"patched"|"unpatched"|"refused"|"timeout",
 *  "reversed":B,"error":S|null,"messages":[S],"notLoaded":[S],"blockers":[{"thread":S,"frame":S}],"notes":[S]}</pre>
 *
 * <p>Not thread-safe: one operation per instance, on the CLI's main thread.
 */
final class Operation {

    /** How long a reversal after a timeout may take before the CLI gives up waiting (it goes on in the target). */
    static final long REVERSE_WAIT_MILLIS = 10_000;

    private final Cli cli;
    private final boolean json;
    private final List<String> messages = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private List<String> notLoaded = List.of();
    private List<Blocker> blockers = List.of();
    private String verb;
    private Target target;
    private String patch;
    private String sha256;
    private String result;
    private boolean reversed;
    /** Off for a refusal: its messages repeat the error, which is printed once, on stderr. */
    private boolean printing = true;

    Operation(Cli cli, boolean json) {
        this.cli = cli;
        this.json = json;
    }

    int load(String spec, String jarArgument, long timeoutMillis, boolean keepOnTimeout) throws Failure {
        verb = "load";
        Path jar = Path.of(jarArgument).toAbsolutePath().normalize();
        if (Files.isRegularFile(jar) && Files.isReadable(jar)) {
            // Announce the patch as early as possible: a dormant agent builds its engine and warms
            // up while this CLI reads the jar, attaches and checks. A path that is no readable file
            // is refused below without touching the target; a file that turns out not to be a
            // valid patch has only warmed the target (engine built, no patch, nothing changed).
            target = Jvms.resolve(spec);
            AgentSocket.announce(target);
        }
        Patch read;
        try {
            read = PatchJarReader.read(jar);
        } catch (PatchFormatException e) {
            throw Failure.refused(e.getMessage());
        }
        patch = read.name();
        sha256 = read.sha256();
        String agentJar = cli.requireAgentJar();
        if (target == null) {
            target = Jvms.resolve(spec);
        }
        try (Session session = Session.attach(target, cli.terminal()::error)) {
            Preflight preflight = Preflight.check(session, cli.version());
            // The path as the target sees it: a copy handed over if it cannot see or read this one.
            Command command = new Command(Command.Kind.LOAD, session.visiblePath(jar, read.sha256()), null,
                    read.sha256(), cli.newId(), cli.version(), cli.requester());
            Reply reply = session.send(agentJar, command, timeoutMillis);
            notes.addAll(preflight.notes());
            TransitionWait wait = new TransitionWait(session, cli.terminal(), reply.firstSeq(), this::message);
            if (!reply.ok()) {
                printing = false;
                wait.poll();
                String why = reply.error();
                if (why.contains(jar.toString()) && why.contains("does not exist") && Files.isReadable(jar)) {
                    why += " (as " + target + " sees it: in a container, copy the jar into its file system)";
                }
                return refused("cannot load patch '" + patch + "' into " + target + ": " + why);
            }
            return follow(session, wait, "patched", timeoutMillis, keepOnTimeout);
        }
    }

    int disable(String spec, String name, long timeoutMillis) throws Failure {
        verb = "disable";
        patch = name;
        String agentJar = cli.requireAgentJar();
        target = Jvms.resolve(spec);
        try (Session session = Session.attach(target, cli.terminal()::error)) {
            Preflight preflight = Preflight.check(session, cli.version());
            if (preflight.agentVersion() == null) {
                return refused(target + " has no jlivepatch agent loaded, so no patch '" + name + "' to disable");
            }
            Reply reply = session.send(agentJar, new Command(Command.Kind.DISABLE, null, name, null, cli.newId(),
                    cli.version(), cli.requester()), timeoutMillis);
            notes.addAll(preflight.notes());
            sha256 = reply.sha256();
            TransitionWait wait = new TransitionWait(session, cli.terminal(), reply.firstSeq(), this::message);
            if (!reply.ok()) {
                printing = false;
                wait.poll();
                return refused("cannot disable patch '" + name + "' in " + target + ": " + reply.error());
            }
            return follow(session, wait, "unpatched", timeoutMillis, false);
        }
    }

    /** Waits for the transition to {@code state}; on timeout reverses it unless {@code keep}. */
    private int follow(Session session, TransitionWait wait, String state, long timeoutMillis, boolean keep)
            throws Failure {
        if (wait.await(patch, timeoutMillis)) {
            return settled(wait.status(), state);
        }
        TransitionStatus t = wait.status().transition();
        blockers = t.blockers();
        result = "timeout";
        String direction = state.equals("patched") ? "patching" : "unpatching";
        message("jlivepatch: '" + patch + "': " + direction + " transition not complete after "
                + seconds(timeoutMillis) + "; " + threads(t.remaining()) + " remaining");
        for (Blocker b : blockers) {
            message("jlivepatch: " + b.thread() + " is sleeping on function " + b.frame());
        }
        if (keep) {
            message("jlivepatch: '" + patch + "': the transition goes on (--keep-on-timeout): follow it with"
                    + " 'jlivepatch list " + target.pid() + "', complete it with 'jlivepatch force " + target.pid()
                    + " " + patch + "' or reverse it with 'jlivepatch disable " + target.pid() + " " + patch + "'");
            return finish(Failure.TIMEOUT, null);
        }
        message("jlivepatch: '" + patch + "': reversing the transition (use --keep-on-timeout to keep it running)");
        Reply reverse = session.send(cli.requireAgentJar(), new Command(Command.Kind.REVERSE, null, patch, null,
                cli.newId(), cli.version(), cli.requester()));
        if (!reverse.ok()) {
            StatusDocument now = wait.poll();
            TransitionStatus still = now.transition();
            if (still == null || !patch.equals(still.patch())) {
                // It completed between the timeout and the reversal: the operation is done after all.
                message("jlivepatch: '" + patch + "': the transition completed before it could be reversed");
                return settled(now, state);
            }
            return finish(Failure.TIMEOUT, "the transition could not be reversed: " + reverse.error());
        }
        if (wait.await(patch, Math.max(REVERSE_WAIT_MILLIS, timeoutMillis))) {
            reversed = true;
            PatchStatus entry = wait.status().patch(patch);
            boolean enabled = entry != null && entry.enabled();
            message("jlivepatch: '" + patch + "': transition reversed; the patch is "
                    + (enabled ? "enabled" : "not loaded") + ", as before the command");
            return finish(Failure.TIMEOUT, null);
        }
        return finish(Failure.TIMEOUT, "the reversal is not complete either; it goes on in " + target
                + ": follow it with 'jlivepatch list " + target.pid() + "' or complete it with 'jlivepatch force "
                + target.pid() + " " + patch + "'");
    }

    /** The transition is over: check it ended where we wanted. */
    private int settled(StatusDocument status, String state) throws Failure {
        PatchStatus entry = status.patch(patch);
        boolean enabled = entry != null && entry.enabled();
        if (state.equals("patched") != enabled) {
            return refused("patch '" + patch + "' is " + (enabled ? "still enabled" : "no longer active")
                    + " in " + target + ": another operation changed it meanwhile; see 'jlivepatch list "
                    + target.pid() + "'");
        }
        result = state;
        if (enabled) {
            notLoaded = entry.objects().stream().filter(o -> !o.loaded()).map(PatchStatus.ObjectStatus::name).toList();
            for (String object : notLoaded) {
                message("jlivepatch: '" + patch + "': object '" + object
                        + "' is not loaded yet; it will be patched when it loads");
            }
            message("jlivepatch: patch '" + patch + "' is enabled in " + target + " (sha256 " + entry.sha256()
                    + ")");
        } else {
            message("jlivepatch: patch '" + patch + "' is disabled and removed from " + target);
        }
        return finish(0, null);
    }

    private void message(String text) {
        messages.add(text);
        if (!json && printing) {
            cli.terminal().line(text);
        }
    }

    private int refused(String error) {
        result = "refused";
        return finish(Failure.REFUSED, error);
    }

    private int finish(int exit, String error) {
        if (json) {
            cli.terminal().line(toJson(exit, error));
        }
        if (error != null) {
            cli.terminal().error("jlivepatch: " + error);
        }
        for (String note : notes) {
            cli.terminal().error(note);
        }
        return exit;
    }

    private String toJson(int exit, String error) {
        JsonWriter w = new JsonWriter().beginObject()
                .name("pid").value(target.pid())
                .name("command").value(verb)
                .name("patch").value(patch)
                .name("sha256").value(sha256)
                .name("exit").value(exit)
                .name("result").value(result)
                .name("reversed").value(reversed)
                .name("error").value(error)
                .name("messages").beginArray();
        messages.forEach(w::value);
        w.endArray().name("notLoaded").beginArray();
        notLoaded.forEach(w::value);
        w.endArray().name("blockers").beginArray();
        for (Blocker b : blockers) {
            w.beginObject().name("thread").value(b.thread()).name("frame").value(b.frame()).endObject();
        }
        w.endArray().name("notes").beginArray();
        notes.forEach(w::value);
        return w.endArray().endObject().toString();
    }

    static String seconds(long millis) {
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis / 1000.0 + " s";
    }

    private static String threads(long n) {
        return n < 0 ? "some threads" : n + (n == 1 ? " thread" : " threads");
    }
}
