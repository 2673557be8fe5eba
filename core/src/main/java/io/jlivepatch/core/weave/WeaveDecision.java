package io.jlivepatch.core.weave;

/**
 * What the class-file transformer does with one class copy, as {@link WeavePlan#decide} rules it:
 * a value, so that the rule is a pure function with unit tests and the transformer only carries it
 * out (the JVM adapter's side effects: running callbacks, reporting errors).
 *
 * <p>Immutable and thread-safe (the byte arrays are owned by the decision's receiver).
 */
public sealed interface WeaveDecision {

    /** The class keeps (or gets back) its bytes as originally loaded: the transformer returns {@code null}. */
    record Original() implements WeaveDecision {}

    /** The class gets {@code bytes}: its original bytes with the trampolines the plan names. */
    record Woven(byte[] bytes) implements WeaveDecision {}

    /**
     * A retransformation that must fail for this class: a weave error, or a misfit with the patch
     * being enabled. The class keeps what it had ({@code kept}: the fallback trampolines, or
     * {@code null} for its original bytes) and {@code error}, naming the class and method, fails the
     * operation; {@code misfit} tells a misfit (reported as the operation's own message) from a
     * weave error.
     */
    record Failed(String error, boolean misfit, byte[] kept) implements WeaveDecision {}

    /**
     * A loading copy of a class active patches name (the kernel's module coming): it loads with
     * {@code woven} ({@code null}: no trampoline yet) if the registry's {@code classComing} accepts
     * it, else with its original bytes.
     */
    record Coming(byte[] woven) implements WeaveDecision {}

    /**
     * A loading copy that must load unpatched for good: it does not fit an active patch, or its
     * weave failed. {@code reason} is reported through the registry's {@code classLoadFailed};
     * {@code report} is false for a misfit with the patch being enabled, which fails that enable
     * instead.
     */
    record LoadsUnpatched(String reason, boolean report) implements WeaveDecision {}
}
