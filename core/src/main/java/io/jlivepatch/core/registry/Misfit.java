package io.jlivepatch.core.registry;

/**
 * A loaded copy of a class whose code is not what a patch was built against: one of the patch's
 * fingerprinted funcs does not match the copy's original bytes (see
 * {@link Livepatch#misfit(String, byte[])}).
 *
 * <p>Immutable and thread-safe.
 *
 * @param message names the patch and the method, for example {@code patch 'fix-7' was built against
 *     a different demo.Greeter.greet(Ljava/lang/String;)Ljava/lang/String;}
 * @param enabling whether the patch is the one being enabled (then the enable fails); otherwise it
 *     is an active patch, and the copy is left as it was loaded
 */
public record Misfit(String message, boolean enabling) {
}
