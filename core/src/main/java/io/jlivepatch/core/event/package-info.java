/**
 * The engine's messages: the {@link io.jlivepatch.core.event.LivepatchListener} port and the
 * kernel's phrases ({@link io.jlivepatch.core.event.Messages}: the {@code pr_notice}/{@code pr_err}
 * lines of {@code kernel/livepatch/*.c}), the transcript tests compare.
 *
 * <p>May import java.base only.
 */
package io.jlivepatch.core.event;
