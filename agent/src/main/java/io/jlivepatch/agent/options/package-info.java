/**
 * The one option grammar shared by agent arguments, the CLI and the control channel.
 *
 * <p>May import java.base only.
 */
package io.jlivepatch.agent.options;
