package io.jlivepatch.runtime;

import java.lang.invoke.CallSite;
import java.lang.invoke.ConstantCallSite;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandleProxies;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Lambdas and method references in replacement code. Replacement classes are hidden classes, and on
 * JDK 17 a lambda whose body is in a hidden class fails when it is created: the proxy class
 * {@code LambdaMetafactory} spins names its implementation's class, and a hidden class cannot be
 * found by name ({@code NoClassDefFoundError: pkg/Fix/0x...}). The agent therefore re-points the
 * {@code invokedynamic}s of a replacement class from {@code LambdaMetafactory} to these bootstraps
 * (same signatures), which make the functional object with {@link MethodHandleProxies} around the
 * implementation's method handle, a handle the hidden class's own constant pool resolves.
 *
 * <p>Limits: the functional interface must be public (as {@link MethodHandleProxies} requires);
 * serializable lambdas and extra marker interfaces ({@code altMetafactory} flags) get a plain
 * instance of the functional interface. Cost: calling such a lambda goes through a proxy, tens of
 * nanoseconds more than a JDK lambda; a capturing lambda costs a proxy instance each time it is
 * created. Patch code is not a hot loop's inner body as a rule; where it is, use a static method.
 *
 * <p>Thread-safety: stateless; the JVM calls the bootstraps once per call site.
 */
public final class HiddenLambdas {

    /** Internal name of this class, for bytecode rewriting. */
    public static final String INTERNAL_NAME = "io/jlivepatch/runtime/HiddenLambdas";
    /** Internal name of the JDK's lambda bootstrap class whose call sites are re-pointed here. */
    public static final String LAMBDA_METAFACTORY = "java/lang/invoke/LambdaMetafactory";

    private static final MethodHandle MAKE;

    static {
        try {
            MAKE = MethodHandles.lookup().findStatic(HiddenLambdas.class, "make",
                    MethodType.methodType(Object.class, Class.class, MethodHandle.class, Object[].class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private HiddenLambdas() {}

    /** In place of {@code LambdaMetafactory.metafactory}, with the same parameters. */
    public static CallSite metafactory(MethodHandles.Lookup caller, String interfaceMethodName, MethodType factoryType,
                                       MethodType interfaceMethodType, MethodHandle implementation,
                                       MethodType dynamicMethodType) {
        return callSite(factoryType, implementation);
    }

    /** In place of {@code LambdaMetafactory.altMetafactory}: the first three arguments are as above, flags are ignored. */
    public static CallSite altMetafactory(MethodHandles.Lookup caller, String interfaceMethodName,
                                          MethodType factoryType, Object... args) {
        return callSite(factoryType, (MethodHandle) args[1]);
    }

    /**
     * A call site of {@code factoryType} (captured values) -> functional interface: the captured
     * values are bound to the front of {@code implementation}, the rest are the interface method's.
     */
    private static CallSite callSite(MethodType factoryType, MethodHandle implementation) {
        Class<?> functional = factoryType.returnType();
        if (factoryType.parameterCount() == 0) {
            // Non-capturing: one instance for the call site, as the JDK does.
            return new ConstantCallSite(MethodHandles.constant(functional, make(functional, implementation)));
        }
        MethodHandle factory = MethodHandles.insertArguments(MAKE, 0, functional, implementation)
                .asCollector(Object[].class, factoryType.parameterCount())
                .asType(factoryType);
        return new ConstantCallSite(factory);
    }

    private static Object make(Class<?> functional, MethodHandle implementation, Object... captured) {
        return MethodHandleProxies.asInterfaceInstance(functional,
                MethodHandles.insertArguments(implementation, 0, captured));
    }
}
