package io.jlivepatch.core.transition;

/**
 * A thread that kept a transition from completing in the driver's last pass, and the frame that
 * blocked it (the kernel's "is sleeping on function").
 *
 * <p>Immutable and thread-safe.
 *
 * @param thread the thread's name
 * @param frame the blocking frame, {@code class.method(File:line)}
 */
public record Blocker(String thread, String frame) {
}
