/**
 * The {@code watch=true} option: the {@code patches=<dir>} directory as the desired state of the
 * process, polled on the engine's scheduler thread. {@link io.jlivepatch.agent.watch.DirectoryScan}
 * reads the directory cheaply, {@link io.jlivepatch.agent.watch.WatchState} decides (pure, no I/O,
 * no threads), {@link io.jlivepatch.agent.watch.DirectoryWatch} polls and carries the decisions out
 * through the control side's commands, so every operation is audited ({@code via watch <dir>}).
 *
 * <p>May import core, {@code io.jlivepatch.agent.control} and {@code io.jlivepatch.agent.options};
 * only {@code io.jlivepatch.agent.boot} imports it. Never writes to {@code System.out} or
 * {@code System.err}, and starts no thread of its own.
 */
package io.jlivepatch.agent.watch;
