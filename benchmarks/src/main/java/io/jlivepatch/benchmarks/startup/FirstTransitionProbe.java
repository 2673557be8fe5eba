package io.jlivepatch.benchmarks.startup;

import io.jlivepatch.agent.boot.Boot;
import io.jlivepatch.benchmarks.support.Agent;
import io.jlivepatch.benchmarks.support.Patches;
import io.jlivepatch.benchmarks.transition.TxFix;
import io.jlivepatch.benchmarks.transition.TxTarget;
import io.jlivepatch.core.model.Patch;
import java.util.Locale;

/**
 * One fresh JVM's first transitions, in process (run with {@code -javaagent} and no patch, so the
 * agent is dormant): how long the agent takes to get ready for work ({@link Boot#livepatch()} on a
 * dormant agent: the runtime defined, the engine built), then {@code enable} to completion of a
 * two-method patch, {@code disable}, and {@code enable} again. With the argument {@code warm} it
 * asks the agent to warm up first ({@link Boot#prepare()}, what the command socket does when a CLI
 * says a patch is coming) and waits {@value #WARM_GAP_MILLIS} ms, as long as a CLI takes to attach
 * and check the target before it sends the load (a second argument changes the gap). Prints one line
 * of milliseconds.
 *
 * <p>Thread-safety: runs as the {@code main} of its own JVM only.
 */
public final class FirstTransitionProbe {

    static final long WARM_GAP_MILLIS = 200;

    private FirstTransitionProbe() {}

    /** With {@code -Djlivepatch.probe.marks=true}, a line between phases (for {@code -Xlog:class+load} on stdout). */
    private static void mark(String phase) {
        if (Boolean.getBoolean("jlivepatch.probe.marks")) {
            System.out.println("probe mark: " + phase);
        }
    }

    public static void main(String[] args) throws Exception {
        TxTarget.f(); // loaded and linked, as in a running application
        Patch patch = Patches.of("probe-fix", false, TxFix.class);
        long t0 = System.nanoTime();
        if (args.length > 0 && args[0].equals("warm")) {
            Boot.prepare();
            Thread.sleep(args.length > 1 ? Long.parseLong(args[1]) : WARM_GAP_MILLIS);
        }
        long t1 = System.nanoTime();
        Agent.livepatch();
        long t2 = System.nanoTime();
        mark("first enable");
        Agent.enableAndWait(patch);
        long t3 = System.nanoTime();
        mark("first enable done");
        if (!TxTarget.f().equals("v1/v1")) {
            throw new IllegalStateException("not patched: " + TxTarget.f());
        }
        Agent.disableAndWait("probe-fix");
        long t4 = System.nanoTime();
        Agent.enableAndWait(Patches.of("probe-fix", false, TxFix.class));
        long t5 = System.nanoTime();
        System.out.printf(Locale.ROOT, "probe ready=%.2f first=%.2f disable=%.2f second=%.2f%n",
                (t2 - t1) / 1e6, (t3 - t2) / 1e6, (t4 - t3) / 1e6, (t5 - t4) / 1e6);
    }
}
