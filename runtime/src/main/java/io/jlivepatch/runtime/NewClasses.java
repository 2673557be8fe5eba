package io.jlivepatch.runtime;

import java.lang.invoke.CallSite;
import java.lang.invoke.ConstantCallSite;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The invokedynamic bootstrap that creates instances of a class a patch adds (an anonymous class,
 * a small helper class). Replacement code is a hidden class and can name no other class of the
 * patch, so {@code jlivepatch build} rewrites {@code new C(args)} into
 * <pre>
 *   invokedynamic new(args)Super             [bootstrap: NewClasses.construct, class file of C]
 * </pre>
 * and this bootstrap defines {@code C} from the class file carried in the call site, once per
 * replacement class, as a hidden nestmate of the replacement class (so of the patched class: it
 * reads the target's private members as the source did), then links its constructor.
 *
 * <p>The class file travels as ISO-8859-1 strings (one char per byte, split to fit the constant
 * pool), so the patch jar keeps the plain annotated format.
 *
 * <p>Thread-safety: definition is synchronized on this class's per-caller cache; the call sites
 * are constant.
 */
public final class NewClasses {

    /** Internal name of this class, for bytecode generation. */
    public static final String INTERNAL_NAME = "io/jlivepatch/runtime/NewClasses";
    /** Name of the bootstrap method. */
    public static final String CONSTRUCT = "construct";
    /** Descriptor of {@link #construct}. */
    public static final String CONSTRUCT_DESCRIPTOR = "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;"
            + "Ljava/lang/invoke/MethodType;[Ljava/lang/String;)Ljava/lang/invoke/CallSite;";

    /** The classes each replacement class defined, by class file: all of a replacement's sites share one. */
    private static final ClassValue<Map<String, MethodHandles.Lookup>> DEFINED = new ClassValue<>() {
        @Override
        protected Map<String, MethodHandles.Lookup> computeValue(Class<?> type) {
            return new HashMap<>();
        }
    };

    private NewClasses() {}

    /**
     * Bootstrap: a call site that constructs the carried class with the call site's arguments.
     *
     * @param classFile the class file, as ISO-8859-1 text in one or more pieces
     */
    public static CallSite construct(MethodHandles.Lookup caller, String name, MethodType type, String... classFile)
            throws ReflectiveOperationException {
        MethodHandles.Lookup carried = define(caller, String.join("", classFile));
        MethodHandle constructor = carried.findConstructor(carried.lookupClass(), type.changeReturnType(void.class));
        return new ConstantCallSite(constructor.asType(type));
    }

    /** The carried class, defined the first time a site of {@code caller} needs it; a full-privilege lookup on it. */
    private static MethodHandles.Lookup define(MethodHandles.Lookup caller, String classFile) throws IllegalAccessException {
        Map<String, MethodHandles.Lookup> defined = DEFINED.get(caller.lookupClass());
        synchronized (defined) {
            MethodHandles.Lookup carried = defined.get(classFile);
            if (carried == null) {
                byte[] bytes = classFile.getBytes(StandardCharsets.ISO_8859_1);
                carried = caller.defineHiddenClass(bytes, false, MethodHandles.Lookup.ClassOption.NESTMATE);
                defined.put(classFile, carried);
            }
            return carried;
        }
    }
}
