package io.jlivepatch.agent.control.jfr;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

/**
 * JFR event {@code io.jlivepatch.Disable}: A patch was disabled (its unpatching transition started, or its transition reversed), or the request was refused.
 *
 * <p>Not thread-safe, like every JFR event.
 */
@Name("io.jlivepatch.Disable")
@Label("Livepatch Disable")
@Description("A patch was disabled (its unpatching transition started, or its transition reversed), or the request was refused")
final class DisableEvent extends OperationEvent {
}
