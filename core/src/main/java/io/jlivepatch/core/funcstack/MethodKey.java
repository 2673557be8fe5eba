package io.jlivepatch.core.funcstack;

import io.jlivepatch.core.model.MethodRef;
import java.util.Objects;

/**
 * One target method of one target class (by name: every loaded copy of the class shares it). The
 * key of a {@link FuncStack}, like the original function's address keys a kernel {@code klp_ops}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param className binary name of the class, with dots
 * @param method the method
 */
public record MethodKey(String className, MethodRef method) {

    public MethodKey {
        Objects.requireNonNull(className, "className");
        Objects.requireNonNull(method, "method");
    }

    /** {@code a.b.C.name(descriptor)}. */
    @Override
    public String toString() {
        return className + "." + method;
    }
}
