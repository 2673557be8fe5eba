package io.jlivepatch.core.registry;

import io.jlivepatch.core.funcstack.LoadedCopies;
import java.util.Set;

/**
 * Port to the JVM's class redefinition: the agent's adapter looks at the loaded classes and
 * retransforms them; its transformer weaves each class by the registry's
 * {@link io.jlivepatch.core.weave.WeavePlan} ({@link Modules#weavePlan}).
 *
 * <p>Thread-safety: called by the registry under its lock; {@link #look} may also be called by
 * status queries and must be thread-safe.
 */
public interface ClassRedefiner {

    /** One look at the loaded classes: the copies of those of {@code classNames} that are loaded. */
    LoadedCopies look(Set<String> classNames);

    /**
     * Retransforms every copy in {@code loaded} of the named classes, all in one call, so that each
     * carries exactly the trampolines the weave plan names now.
     *
     * @throws RedefineException when any class could not be transformed or redefined; the message
     *         names the class and method, and classes that were redefined stay redefined (the
     *         registry reverts them)
     */
    void redefine(LoadedCopies loaded, Set<String> classNames) throws RedefineException;
}
