/**
 * The {@code jlivepatch} command line: verbs and their one hand-written grammar ({@code Syntax},
 * {@code Option}, {@code Args}, {@code Usage}; {@code build} included, which hands a typed request to
 * the build module), target resolution,
 * the Attach API session (read-only queries and command sends), following transitions, and text
 * and JSON output.
 *
 * <p>Runs in its own JVM, never in the target: nothing else in the agent may depend on it
 * ({@code ArchitectureTest}). May import {@code jdk.attach}, {@code io.jlivepatch.agent.control}
 * (the channel's keys, commands, replies, JSON), {@code io.jlivepatch.agent.options}, {@code io.jlivepatch.build} and core's
 * reader (a patch jar is checked here before the target sees it). The only package allowed to
 * print to {@code System.out}/{@code System.err}.
 */
package io.jlivepatch.agent.cli;
