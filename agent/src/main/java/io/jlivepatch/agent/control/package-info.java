/**
 * The agent's control side, in the target JVM: the command executor, the audit trail, and the
 * read-only half of the control channel (replies, messages and the status snapshot published in
 * the JVM's agent properties, see {@link io.jlivepatch.agent.control.Channel}). The types both JVMs
 * use, each written and read by the same code: {@link io.jlivepatch.agent.control.Channel},
 * {@link io.jlivepatch.agent.control.Command}, {@link io.jlivepatch.agent.control.Reply} and
 * {@link io.jlivepatch.agent.control.StatusDocument}. Subpackages:
 * {@code json} (the JSON format), {@code jmx} (MBeans), {@code jfr} (JFR events).
 *
 * <p>The control channel's trust model is the Attach API's: commands arrive with
 * {@code VirtualMachine.loadAgent} from a process of the same OS user; nothing here opens a socket.
 *
 * <p>May import core, {@code io.jlivepatch.agent.options} and its own subpackages; never
 * {@code java.lang.instrument} (the boot package hands in what needs it) and never the CLI. Never
 * writes to {@code System.out} or {@code System.err}.
 */
package io.jlivepatch.agent.control;
