package io.jlivepatch.runtime;

import java.lang.invoke.CallSite;
import java.lang.invoke.ConstantCallSite;
import java.lang.invoke.LambdaConversionException;
import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandleInfo;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Arrays;

/**
 * The lambda bootstrap of replacement code: {@link LambdaMetafactory} when it can, a proxy when it
 * cannot. On JDK 17 the lambda classes the metafactory spins call their implementation method by
 * name, and a hidden class (a replacement class is one) has no name they can resolve; so a lambda
 * whose body a patch carries is made a {@link Proxy} of the functional interface that calls the body
 * through a method handle. Such a lambda costs a proxy call (a few tens of nanoseconds) instead of a
 * direct one; {@code jlivepatch build} points lambdas that exist unchanged in the running class at
 * the running class's body instead, which the metafactory handles.
 *
 * <p>Same descriptors as {@link LambdaMetafactory#metafactory} and
 * {@link LambdaMetafactory#altMetafactory}, so the build only swaps the bootstrap's owner.
 *
 * <p>Stateless and thread-safe.
 */
public final class Lambdas {

    /** Internal name of this class, for bytecode generation. */
    public static final String INTERNAL_NAME = "io/jlivepatch/runtime/Lambdas";

    private Lambdas() {}

    /** Bootstrap with the contract of {@link LambdaMetafactory#metafactory}. */
    public static CallSite metafactory(MethodHandles.Lookup caller, String interfaceMethodName, MethodType factoryType,
                                       MethodType interfaceMethodType, MethodHandle implementation,
                                       MethodType dynamicMethodType) throws LambdaConversionException {
        if (!isHidden(caller, implementation)) {
            return LambdaMetafactory.metafactory(caller, interfaceMethodName, factoryType, interfaceMethodType,
                    implementation, dynamicMethodType);
        }
        return proxies(factoryType, interfaceMethodName, interfaceMethodType, implementation, dynamicMethodType);
    }

    /**
     * Bootstrap with the contract of {@link LambdaMetafactory#altMetafactory}. Marker interfaces and
     * bridges are honoured by the metafactory; the proxy implements the functional interface only
     * (the build refuses serializable lambdas it would carry).
     */
    public static CallSite altMetafactory(MethodHandles.Lookup caller, String interfaceMethodName,
                                          MethodType factoryType, Object... args) throws LambdaConversionException {
        MethodHandle implementation = (MethodHandle) args[1];
        if (!isHidden(caller, implementation)) {
            return LambdaMetafactory.altMetafactory(caller, interfaceMethodName, factoryType, args);
        }
        return proxies(factoryType, interfaceMethodName, (MethodType) args[0], implementation, (MethodType) args[2]);
    }

    private static boolean isHidden(MethodHandles.Lookup caller, MethodHandle implementation) {
        MethodHandleInfo info = caller.revealDirect(implementation);
        return info.getDeclaringClass().isHidden();
    }

    /**
     * A call site that makes, from the captured values, a proxy of the functional interface whose
     * single abstract method runs {@code implementation} with the captured values first.
     */
    private static CallSite proxies(MethodType factoryType, String name, MethodType erased, MethodHandle implementation,
                                    MethodType dynamic) {
        Class<?> functional = factoryType.returnType();
        MethodHandle make = MAKE.bindTo(new Shape(functional, name, erased, implementation.asType(
                dynamic.insertParameterTypes(0, factoryType.parameterArray()))));
        MethodHandle collect = make.asCollector(Object[].class, factoryType.parameterCount());
        return new ConstantCallSite(collect.asType(factoryType));
    }

    /** What every proxy of one lambda expression shares. */
    private record Shape(Class<?> functional, String name, MethodType erased, MethodHandle body) {}

    private static final MethodHandle MAKE;

    static {
        try {
            MAKE = MethodHandles.lookup().findStatic(Lambdas.class, "make",
                    MethodType.methodType(Object.class, Shape.class, Object[].class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // through MAKE
    private static Object make(Shape shape, Object[] captured) {
        MethodHandle bound = MethodHandles.insertArguments(shape.body(), 0, captured);
        MethodHandle spread = bound.asSpreader(Object[].class, shape.erased().parameterCount());
        InvocationHandler handler = new InvocationHandler() {
            @Override
            public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
                Object[] actual = args == null ? new Object[0] : args;
                if (method.getName().equals(shape.name())
                        && Arrays.equals(method.getParameterTypes(), shape.erased().parameterArray())) {
                    return spread.invoke(actual);
                }
                if (method.getDeclaringClass() == Object.class) {
                    return switch (method.getName()) {
                        case "equals" -> proxy == actual[0];
                        case "hashCode" -> System.identityHashCode(proxy);
                        default -> shape.functional().getName() + "$$Lambda@" + Integer.toHexString(System.identityHashCode(proxy));
                    };
                }
                if (method.isDefault()) {
                    return InvocationHandler.invokeDefault(proxy, method, actual);
                }
                // another abstract method with the same name (a bridge the interface declares): same body
                return spread.invoke(actual);
            }
        };
        return Proxy.newProxyInstance(shape.functional().getClassLoader(), new Class<?>[] {shape.functional()}, handler);
    }
}
