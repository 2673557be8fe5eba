package io.jlivepatch.agent.control.jfr;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

/**
 * JFR event {@code io.jlivepatch.Enable}: A patch jar was read and enabled (its patching transition started), or the request was refused.
 *
 * <p>Not thread-safe, like every JFR event.
 */
@Name("io.jlivepatch.Enable")
@Label("Livepatch Enable")
@Description("A patch jar was read and enabled (its patching transition started), or the request was refused")
final class EnableEvent extends OperationEvent {
}
