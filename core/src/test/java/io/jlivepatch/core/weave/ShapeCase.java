package io.jlivepatch.core.weave;

import io.jlivepatch.core.model.MethodRef;
import io.jlivepatch.core.weave.shapes.Greeting;
import io.jlivepatch.core.weave.shapes.GreetingImpl;
import io.jlivepatch.core.weave.shapes.Level;
import io.jlivepatch.core.weave.shapes.Point;
import io.jlivepatch.core.weave.shapes.Shapes;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.objectweb.asm.Type;

/**
 * One method shape the trampoline supports: where the method lives, how to call it, what the
 * original and the replacement return. {@link #all()} is the table every shape test runs over;
 * {@link #name()} also names the golden file.
 *
 * @param name the shape, for example {@code long-double-static}
 * @param host the class declaring the method, as compiled into the test classes
 * @param companions classes loaded from their original bytes next to the woven host, so that they
 *     see it (an implementation of a woven interface)
 * @param method the method's name
 * @param parameters the method's parameter types
 * @param receiver makes the receiver from the woven host; {@code null} result for static methods
 * @param arguments fresh arguments for each call
 * @param original what the original body gives, as {@link #describe} prints it
 * @param replacement the static method of {@link Replacements} that replaces it
 * @param replaced what the replacement gives, as {@link #describe} prints it
 */
record ShapeCase(String name, Class<?> host, List<Class<?>> companions, String method, Class<?>[] parameters,
        Receiver receiver, Supplier<Object[]> arguments, String original, String replacement, String replaced) {

    /** Makes the receiver of an instance method from the woven host and its loader. */
    interface Receiver {
        Object create(Class<?> wovenHost, WovenLoader loader) throws Exception;
    }

    private static final Receiver STATIC = (host, loader) -> null;
    private static final Receiver ANN = (host, loader) -> host.getConstructor(String.class).newInstance("ann");
    private static final Receiver IMPL =
            (host, loader) -> loader.loadClass(GreetingImpl.class.getName()).getConstructor().newInstance();
    private static final Receiver LOW = (host, loader) -> host.getField("LOW").get(null);
    private static final Receiver POINT =
            (host, loader) -> host.getConstructor(int.class, int.class).newInstance(1, 2);

    static List<ShapeCase> all() {
        return List.of(
                shape("instance", Shapes.class, "greet", types(String.class), ANN, () -> args("bob"),
                        "ann greets bob", "greet", "patched ann/bob"),
                shape("static", Shapes.class, "twice", types(int.class), STATIC, () -> args(21),
                        "42", "twice", "1021"),
                shape("private", Shapes.class, "secret", types(int.class), ANN, () -> args(7),
                        "ann#7", "secret", "patched secret ann 7"),
                shape("final", Shapes.class, "fin", types(int.class), ANN, () -> args(1),
                        "2", "fin", "-1"),
                shape("synchronized", Shapes.class, "locked", types(String.class), ANN, () -> args("t"),
                        "t holds=true", "locked", "patched t holds=true"),
                shape("varargs", Shapes.class, "join", types(String.class, Object[].class), STATIC,
                        () -> args("-", new Object[] {"a", 1}), "a-1", "join", "patched 2-[a, 1]"),
                shape("long-double-static", Shapes.class, "mix", types(int.class, long.class, double.class, int.class),
                        STATIC, () -> args(1, 20_000_000_000L, 3.5, 4),
                        "sum 2.00000000085E10", "mix", "a=1 b=20000000000 c=3.5 d=4"),
                shape("long-double-instance", Shapes.class, "wide", types(long.class, double.class, long.class), ANN,
                        () -> args(1L, 2.5, 3L), "6.5", "wide", "1002503.0"),
                shape("return-void", Shapes.class, "store", types(int[].class, int.class), ANN,
                        () -> args(new int[1], 5), "void [[5], 5]", "store", "void [[-5], 5]"),
                shape("return-boolean", Shapes.class, "even", types(int.class), STATIC, () -> args(4),
                        "true", "even", "false"),
                shape("return-float", Shapes.class, "half", types(float.class), STATIC, () -> args(3f),
                        "1.5", "half", "30.0"),
                shape("return-double", Shapes.class, "average", types(double.class, double.class), STATIC,
                        () -> args(1.0, 4.0), "2.5", "average", "-3.0"),
                shape("return-array", Shapes.class, "range", types(int.class), STATIC, () -> args(3),
                        "[0, 1, 2]", "range", "[3, 3]"),
                shape("return-char-small-args", Shapes.class, "pick",
                        types(byte.class, short.class, char.class, boolean.class), STATIC,
                        () -> args((byte) 1, (short) 2, 'a', true), "a", "pick", "d"),
                shape("return-long-from-throw-only", Shapes.class, "unsupported", types(RuntimeException.class),
                        STATIC, () -> args(new UnsupportedOperationException("nope")),
                        "threw java.lang.UnsupportedOperationException: nope", "unsupported", "4"),
                shape("try-catch-finally", Shapes.class, "parse", types(String.class, int[].class), STATIC,
                        () -> args("x", new int[1]), "bad x", "parse", "patched x"),
                shape("loop-at-offset-0", Shapes.class, "spin", types(int.class), STATIC, () -> args(3),
                        "127", "spin", "-3"),
                shape("interface-default", Greeting.class, "hello", types(String.class), IMPL, () -> args("bob"),
                        "<impl says hello to bob>", "hello", "patched hello impl/bob"),
                shape("interface-static", Greeting.class, "size", types(String.class), STATIC, () -> args("abc"),
                        "3", "size", "-3"),
                shape("interface-private", Greeting.class, "decorate", types(String.class), IMPL, () -> args("x"),
                        "<x>", "decorate", "[impl:x]"),
                shape("enum-instance", Level.class, "flip", types(), LOW, ShapeCase::args,
                        "HIGH", "flip", "LOW"),
                shape("enum-static", Level.class, "parse", types(String.class), STATIC, () -> args("high"),
                        "HIGH", "parseLevel", "null"),
                shape("record-accessor", Point.class, "x", types(), POINT, ShapeCase::args,
                        "1", "x", "15"),
                shape("record-method", Point.class, "scale", types(int.class), POINT, () -> args(3),
                        "Point[x=3, y=6]", "scale", "Point[x=1, y=2]"),
                shape("record-toString-indy-body", Point.class, "toString", types(), POINT, ShapeCase::args,
                        "Point[x=1, y=2]", "pointToString", "patched point"));
    }

    private static ShapeCase shape(String name, Class<?> host, String method, Class<?>[] parameters,
            Receiver receiver, Supplier<Object[]> arguments, String original, String replacement, String replaced) {
        List<Class<?>> companions = host == Greeting.class ? List.of(GreetingImpl.class) : List.of();
        return new ShapeCase(name, host, companions, method, parameters, receiver, arguments, original, replacement,
                replaced);
    }

    private static Class<?>[] types(Class<?>... types) {
        return types;
    }

    private static Object[] args(Object... values) {
        return values;
    }

    /** The method as declared by the compiled (unwoven) host. */
    Method declared() {
        try {
            return host.getDeclaredMethod(method, parameters);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    MethodRef ref() {
        return new MethodRef(method, Type.getMethodDescriptor(declared()));
    }

    boolean isStatic() {
        return Modifier.isStatic(declared().getModifiers());
    }

    byte[] originalBytes() {
        return ClassFiles.of(host);
    }

    /** The replacement body, a static method of {@link Replacements}. */
    MethodHandle replacementHandle() throws ReflectiveOperationException {
        for (Method candidate : Replacements.class.getMethods()) {
            if (candidate.getName().equals(replacement) && candidate.getDeclaringClass() == Replacements.class) {
                return MethodHandles.lookup().unreflect(candidate);
            }
        }
        throw new NoSuchMethodException("Replacements." + replacement);
    }

    /** Defines {@code wovenHost} (and the companions, unchanged) in a fresh loader, initialised and verified by the JVM. */
    Loaded load(byte[] wovenHost) throws Exception {
        Map<String, byte[]> classes = new HashMap<>();
        classes.put(host.getName(), wovenHost);
        for (Class<?> companion : companions) {
            classes.put(companion.getName(), ClassFiles.of(companion));
        }
        WovenLoader loader = new WovenLoader(classes);
        Class<?> type = loader.initialise(host.getName());
        for (Class<?> companion : companions) {
            loader.initialise(companion.getName());
        }
        Method target = type.getDeclaredMethod(method, parameters);
        target.setAccessible(true);
        return new Loaded(type, target, receiver.create(type, loader), arguments);
    }


    @Override
    public String toString() {
        return name;
    }

    /** A woven host, loaded, with the method to call and its receiver. */
    record Loaded(Class<?> type, Method method, Object receiver, Supplier<Object[]> arguments) {

        /**
         * The type the redirect's invokedynamic must have: the woven method's own, with the
         * receiver (the woven class or interface) first for instance methods.
         */
        MethodType callType() {
            MethodType type = MethodType.methodType(method.getReturnType(), method.getParameterTypes());
            return Modifier.isStatic(method.getModifiers()) ? type : type.insertParameterTypes(0, this.type);
        }

        /** Calls the method with fresh arguments; an exception thrown by the callee propagates as is. */
        Object invoke() throws Throwable {
            try {
                return method.invoke(receiver, arguments.get());
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }

        /** Calls the method and describes the outcome: the result, the arguments for void, or what was thrown. */
        String call() {
            Object[] args = arguments.get();
            try {
                Object result = method.invoke(receiver, args);
                return method.getReturnType() == void.class ? "void " + Arrays.deepToString(args) : describe(result);
            } catch (InvocationTargetException e) {
                return "threw " + e.getCause();
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    static String describe(Object value) {
        String text = Arrays.deepToString(new Object[] {value});
        return text.substring(1, text.length() - 1);
    }
}
