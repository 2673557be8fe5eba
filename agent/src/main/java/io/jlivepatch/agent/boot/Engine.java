package io.jlivepatch.agent.boot;

import io.jlivepatch.agent.control.Control;
import io.jlivepatch.agent.jvm.DaemonScheduler;
import io.jlivepatch.agent.jvm.IndyDispatchTable;
import io.jlivepatch.agent.jvm.InstrumentationClassRedefiner;
import io.jlivepatch.agent.jvm.JvmCallbackRunner;
import io.jlivepatch.agent.jvm.JvmThreadStacks;
import io.jlivepatch.agent.jvm.TrampolineTransformer;
import io.jlivepatch.agent.jvm.Warmup;
import io.jlivepatch.agent.trust.TrustStore;
import io.jlivepatch.core.event.LivepatchListener;
import io.jlivepatch.core.registry.Livepatch;
import io.jlivepatch.runtime.Dispatch;
import java.lang.instrument.Instrumentation;
import java.util.Properties;

/**
 * What the agent builds when it first has work (the first patch or command, not at startup): the
 * engine, the JVM adapters, the class file transformer and the control side (agent properties
 * status, MBeans, JFR). Built at most once per JVM, by {@link Boot}, after {@link RuntimeClasses}
 * defined the runtime in the boot loader: this class links to {@code io.jlivepatch.runtime}, so it
 * must not be loaded before.
 *
 * <p>Immutable and thread-safe (its parts are).
 *
 * @param livepatch the engine
 * @param redefiner the class redefiner (for {@link Boot#retransformCalls})
 * @param control the control side
 * @param scheduler the engine's scheduler (the transition driver's daemon thread, started on demand)
 * @param listener where engine messages go (log and control)
 * @param warmup what {@link #warm} runs
 */
record Engine(Livepatch livepatch, InstrumentationClassRedefiner redefiner, Control control,
              DaemonScheduler scheduler, LivepatchListener listener, Warmup warmup) {

    /**
     * Builds the engine and registers it with the JVM (dispatch table, callbacks, transformer).
     *
     * @param inst the JVM's instrumentation
     * @param published the agent properties (status and replies for the CLI)
     * @param log where audit lines and messages go
     * @param version this agent's version
     * @param trust the signers patches must be signed by, or {@code null} for none
     * @param scheduler the agent's scheduler (created before the engine when a dormant agent watches a
     *     directory, so that its polls and the engine's transitions share one thread)
     */
    static Engine install(Instrumentation inst, Properties published, LivepatchListener log, String version,
                          TrustStore trust, DaemonScheduler scheduler) {
        Control control = new Control(published, log, version, ProcessHandle.current().pid(), scheduler, trust);
        TrampolineTransformer transformer = new TrampolineTransformer();
        InstrumentationClassRedefiner redefiner = new InstrumentationClassRedefiner(inst, transformer);
        IndyDispatchTable dispatch = new IndyDispatchTable(inst);
        LivepatchListener listener = LivepatchListener.both(log, control.listener());
        JvmThreadStacks stacks = new JvmThreadStacks(inst);
        Livepatch livepatch = new Livepatch(redefiner, dispatch, stacks, scheduler, listener);
        transformer.bind(livepatch);
        Dispatch.install(dispatch);
        JvmCallbackRunner.install(inst, livepatch);
        inst.addTransformer(transformer, true);
        control.bind(livepatch);
        return new Engine(livepatch, redefiner, control, scheduler, listener, new Warmup(inst, dispatch, stacks));
    }

    /** Runs the JVM-wide code paths a first transition would otherwise run cold ({@link Warmup}). */
    void warm() {
        warmup.run();
    }
}
