package io.jlivepatch.agent.cli;

import io.jlivepatch.agent.control.Channel;
import io.jlivepatch.agent.control.StatusDocument;
import io.jlivepatch.agent.control.json.JsonWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code ps [--json]}: the local JVMs, whether the jlivepatch agent is loaded in each (its version)
 * and its patches. Each JVM is asked with a read-only attach operation, a few at a time, each within
 * {@value #TIMEOUT_SECONDS} s; a JVM that cannot be asked is listed with the reason.
 * <p>{@code --json}: {@code {"jvms":[{"pid":N,"nsPid":N,"mainClass":S,"agent":S|null,"patches":[S],"transition":S|null,"error":S|null}]}}.
 *
 * <p>Stateless and thread-safe.
 */
final class PsCommand {

    static final long TIMEOUT_SECONDS = 5;
    private static final int PARALLEL = 4;

    private PsCommand() {}

    /**
     * One row.
     *
     * @param target the JVM
     * @param agent the agent version, or {@code null}
     * @param patches active patch names
     * @param transition the patch in transition, or {@code null}
     * @param error why it could not be asked, or {@code null}
     * @param nsPid its pid in its own pid namespace (a container's), the same as the pid outside one
     */
    record Row(Target target, String agent, List<String> patches, String transition, String error, long nsPid) {

        /** A row for a JVM in this pid namespace, or one whose inner pid does not matter. */
        Row(Target target, String agent, List<String> patches, String transition, String error) {
            this(target, agent, patches, transition, error, target.pid());
        }

        /** This row with the target's inner pid read from {@code /proc}. */
        Row withNsPid() {
            TargetCredentials credentials = TargetCredentials.of(target.pid());
            return credentials == null ? this : new Row(target, agent, patches, transition, error, credentials.nsPid());
        }
    }

    static int run(Cli cli, boolean json) {
        // Fail fast on a JVM that does not answer, instead of the JDK's ten seconds per JVM.
        System.setProperty("sun.tools.attach.attachTimeout", Long.toString(TIMEOUT_SECONDS * 1000 - 500));
        List<Target> jvms = Jvms.list();
        List<Row> rows = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(PARALLEL, jvms.size())), r -> {
            Thread t = new Thread(r, "jlivepatch-ps");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Row>> futures = new ArrayList<>();
            for (Target jvm : jvms) {
                futures.add(pool.submit(() -> ask(jvm)));
            }
            for (int i = 0; i < jvms.size(); i++) {
                rows.add(await(futures.get(i), jvms.get(i)).withNsPid());
            }
        } finally {
            pool.shutdownNow();
        }
        cli.terminal().line(json ? toJson(rows) : toText(rows));
        return 0;
    }

    private static Row await(Future<Row> future, Target jvm) {
        try {
            return future.get(TIMEOUT_SECONDS + 1, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            return new Row(jvm, null, List.of(), null, "no answer within " + TIMEOUT_SECONDS + " s");
        } catch (ExecutionException e) {
            return new Row(jvm, null, List.of(), null, String.valueOf(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Row(jvm, null, List.of(), null, "interrupted");
        }
    }

    private static Row ask(Target jvm) {
        try {
            if (ProcFs.available()) {
                Jvms.checkUser(jvm);
            }
            try (Session session = Session.attach(jvm)) {
                Properties props = session.agentProperties();
                String version = props.getProperty(Channel.VERSION);
                StatusDocument status = Session.status(props, jvm.pid());
                List<String> patches = new ArrayList<>();
                status.patches().forEach(p -> patches.add(p.name()));
                String transition = status.transition() == null ? null : status.transition().patch();
                return new Row(jvm, version, patches, transition, null);
            }
        } catch (Failure e) {
            return new Row(jvm, null, List.of(), null, firstLine(e.getMessage()));
        }
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }

    static String toText(List<Row> rows) {
        StringBuilder out = new StringBuilder(String.format("%-8s %-16s %-24s %s%n", "PID", "AGENT", "PATCHES", "MAIN"));
        for (Row r : rows) {
            String agent = r.error() != null ? "?" : r.agent() == null ? "-" : r.agent();
            String patches = r.error() != null ? "?" : r.patches().isEmpty() ? "-" : String.join(",", r.patches())
                    + (r.transition() != null ? " (transition: " + r.transition() + ")" : "");
            out.append(String.format("%-8d %-16s %-24s %s", r.target().pid(), agent, patches, r.target().mainClass()));
            if (r.nsPid() != r.target().pid()) {
                out.append(" [pid ").append(r.nsPid()).append(" in its pid namespace]");
            }
            if (r.error() != null) {
                out.append("\n         (cannot inspect: ").append(r.error()).append(')');
            }
            out.append('\n');
        }
        return out.toString().stripTrailing();
    }

    static String toJson(List<Row> rows) {
        JsonWriter w = new JsonWriter().beginObject().name("jvms").beginArray();
        for (Row r : rows) {
            w.beginObject().name("pid").value(r.target().pid()).name("nsPid").value(r.nsPid()).name("mainClass").value(r.target().mainClass())
                    .name("agent").value(r.agent()).name("patches").beginArray();
            r.patches().forEach(w::value);
            w.endArray().name("transition").value(r.transition()).name("error").value(r.error()).endObject();
        }
        return w.endArray().endObject().toString();
    }
}
