/**
 * The JSON of the control channel and of {@code list --json}: a streaming writer and a strict
 * parser, hand-written so that the agent jar shades nothing for it.
 *
 * <p>May import java.base only. Used in the target (the agent writes replies and status) and in the
 * CLI's JVM (which parses them).
 */
package io.jlivepatch.agent.control.json;
