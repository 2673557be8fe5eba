package io.jlivepatch.core.registry;

import java.util.Set;

/**
 * Port to the JVM's class redefinition: the agent's adapter retransforms classes, and its
 * transformer weaves each class according to {@link Livepatch#wovenMethods}.
 *
 * <p>Thread-safety: called by the registry under its lock; {@link #loaded} may also be called by
 * status queries and must be thread-safe.
 */
public interface ClassRedefiner {

    /** Which of {@code classNames} have at least one loaded copy; one look at the loaded classes. */
    Set<String> loaded(Set<String> classNames);

    /**
     * Retransforms every loaded copy of the named classes, all in one call, so that each carries
     * exactly the trampolines {@link Livepatch#wovenMethods} names now.
     *
     * @throws RedefineException when any class could not be transformed or redefined; the message
     *         names the class and method, and classes that were redefined stay redefined (the
     *         registry reverts them)
     */
    void redefine(Set<String> classNames) throws RedefineException;
}
