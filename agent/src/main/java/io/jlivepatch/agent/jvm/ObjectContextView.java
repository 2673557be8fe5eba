package io.jlivepatch.agent.jvm;

import io.jlivepatch.api.ObjectContext;
import io.jlivepatch.api.SystemState;
import io.jlivepatch.core.registry.CallbackContext;
import java.util.function.Supplier;

/**
 * A core {@link CallbackContext} as the patch-author API's {@link ObjectContext}.
 *
 * <p>Thread-safety: immutable apart from the lazily found target class, which the supplier caches.
 */
final class ObjectContextView implements ObjectContext {

    private final CallbackContext context;
    private final Supplier<Class<?>> target;

    ObjectContextView(CallbackContext context, Supplier<Class<?>> target) {
        this.context = context;
        this.target = target;
    }

    @Override
    public String patchName() {
        return context.patch().name();
    }

    @Override
    public String className() {
        return context.object().className();
    }

    @Override
    public ClassLoader classLoader() {
        return (ClassLoader) context.loader();
    }

    @Override
    public Class<?> targetClass() {
        // While coming, the class is being defined: there is no Class yet.
        return loadState() == LoadState.COMING ? null : target.get();
    }

    @Override
    public LoadState loadState() {
        return switch (context.loadState()) {
            case LIVE -> LoadState.LIVE;
            case COMING -> LoadState.COMING;
            case GOING -> LoadState.GOING;
        };
    }

    @Override
    public SystemState state(long id) {
        return SystemStateView.of(context.state(id));
    }

    @Override
    public SystemState previousState(long id) {
        return SystemStateView.of(context.previousState(id));
    }

    @Override
    public String toString() {
        return context.toString();
    }
}
