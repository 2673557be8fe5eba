package io.jlivepatch.agent.control.jfr;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

/**
 * JFR event {@code io.jlivepatch.Force}: The transition of a patch was forced: remaining threads switched without a stack check.
 *
 * <p>Not thread-safe, like every JFR event.
 */
@Name("io.jlivepatch.Force")
@Label("Livepatch Force")
@Description("The transition of a patch was forced: remaining threads switched without a stack check")
final class ForceEvent extends OperationEvent {
}
