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
 * The one lambda bootstrap of replacement code, hand-written or generated: {@link LambdaMetafactory}
 * when it can, a proxy when it cannot. Replacement classes are hidden classes, and on JDK 17 the
 * lambda classes the metafactory spins call their implementation method by name, which a hidden
 * class does not have ({@code NoClassDefFoundError: pkg/Fix/0x...}). So the agent re-points every
 * {@code LambdaMetafactory} call site of a replacement class here when it defines the class (and
 * {@code jlivepatch build} does the same in the classes a fix adds, which the runtime defines). A
 * lambda or method reference whose implementation is in a hidden class becomes a {@link Proxy} of the
 * functional interface calling the implementation through a method handle; any other (a method
 * reference to the JDK or to the target, a lambda body the running class has) goes to the
 * metafactory as the JDK would, hidden caller included.
 *
 * <p>Same descriptors as {@link LambdaMetafactory#metafactory} and
 * {@link LambdaMetafactory#altMetafactory}, so a rewrite only swaps the bootstrap's owner.
 *
 * <p>Limits of the proxy: a call costs a few tens of nanoseconds more than a JDK lambda, and a
 * capturing lambda allocates a proxy each time it is created (a non-capturing one is one instance per
 * call site, as the JDK does); the proxy implements the functional interface only, and a serializable
 * lambda whose body is in replacement code works but cannot be serialized (its body has no name to be
 * found by; writing it fails with {@code NotSerializableException}; the build refuses to carry one). Patch code is not a hot loop's inner body as a rule; where it is, use a static method.
 *
 * <p>Stateless and thread-safe; the JVM calls a bootstrap once per call site.
 */
public final class Lambdas {

    /** Internal name of this class, for bytecode rewriting. */
    public static final String INTERNAL_NAME = "io/jlivepatch/runtime/Lambdas";
    /** Internal name of the JDK's lambda bootstrap class whose call sites are re-pointed here. */
    public static final String LAMBDA_METAFACTORY = "java/lang/invoke/LambdaMetafactory";

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
     * bridges are honoured by the metafactory; the proxy implements the functional interface only.
     */
    public static CallSite altMetafactory(MethodHandles.Lookup caller, String interfaceMethodName,
                                          MethodType factoryType, Object... args) throws LambdaConversionException {
        MethodHandle implementation = (MethodHandle) args[1];
        if (!isHidden(caller, implementation)) {
            return LambdaMetafactory.altMetafactory(caller, interfaceMethodName, factoryType, args);
        }
        return proxies(factoryType, interfaceMethodName, (MethodType) args[0], implementation, (MethodType) args[2]);
    }

    /** Whether the implementation is declared by a hidden class, which the metafactory cannot call on JDK 17. */
    private static boolean isHidden(MethodHandles.Lookup caller, MethodHandle implementation) {
        try {
            return caller.revealDirect(implementation).getDeclaringClass().isHidden();
        } catch (IllegalArgumentException e) {
            // Not a direct handle the caller can crack: the metafactory gives the JDK's own answer.
            return false;
        }
    }

    /**
     * A call site that makes, from the captured values, a proxy of the functional interface whose
     * single abstract method runs {@code implementation} with the captured values first.
     */
    private static CallSite proxies(MethodType factoryType, String name, MethodType erased, MethodHandle implementation,
                                    MethodType dynamic) {
        Class<?> functional = factoryType.returnType();
        Shape shape = new Shape(functional, name, erased,
                implementation.asType(dynamic.insertParameterTypes(0, factoryType.parameterArray())));
        if (factoryType.parameterCount() == 0) {
            // Non-capturing: one instance for the call site, as the JDK does.
            return new ConstantCallSite(MethodHandles.constant(functional, make(shape, new Object[0])));
        }
        MethodHandle collect = MAKE.bindTo(shape).asCollector(Object[].class, factoryType.parameterCount());
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
