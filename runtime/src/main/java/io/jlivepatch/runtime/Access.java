package io.jlivepatch.runtime;

import java.lang.invoke.CallSite;
import java.lang.invoke.ConstantCallSite;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandleInfo;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The invokedynamic bootstrap that lets replacement code reach what only its target class may
 * reach: {@code super.m(...)} calls and protected members inherited from a class of another
 * package. A replacement class is a hidden nestmate of its target, which gives it the target's
 * private members, but it is not a subclass of the target's superclass, so the JVM refuses it those
 * two; {@code jlivepatch build} rewrites such instructions into
 * <pre>
 *   invokedynamic name(type)                 [bootstrap: Access.member, kind, owner, host]
 * </pre>
 * where {@code kind} is the {@link MethodHandleInfo} reference kind of the original instruction,
 * {@code owner} the class it names and {@code host} the patched class. The call site then runs a
 * method handle looked up with the host's own access ({@link MethodHandles#privateLookupIn}), once,
 * and is constant after that: as cheap as the original instruction once compiled.
 *
 * <p>This grants nothing new: the caller must hold a full-privilege lookup in the host's module,
 * which could call {@code privateLookupIn} itself.
 *
 * <p>Stateless and thread-safe.
 */
public final class Access {

    /** Internal name of this class, for bytecode generation. */
    public static final String INTERNAL_NAME = "io/jlivepatch/runtime/Access";
    /** Name of the bootstrap method. */
    public static final String MEMBER = "member";
    /** Descriptor of {@link #member}. */
    public static final String MEMBER_DESCRIPTOR = "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;"
            + "Ljava/lang/invoke/MethodType;ILjava/lang/Class;Ljava/lang/Class;)Ljava/lang/invoke/CallSite;";

    private Access() {}

    /**
     * Bootstrap: links {@code name} of {@code owner} as the instruction of reference kind
     * {@code kind} would, with the access of {@code host}. The call site type is the instruction's
     * stack effect: receiver (for instance members) and arguments in, result out.
     *
     * @throws ReflectiveOperationException when the member does not exist or the host may not use it
     *     (the JVM reports it as a {@code BootstrapMethodError} at the instruction, as it would a
     *     linkage error of the original)
     */
    public static CallSite member(MethodHandles.Lookup caller, String name, MethodType type, int kind, Class<?> owner,
                                  Class<?> host) throws ReflectiveOperationException {
        MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(host, caller);
        MethodHandle target;
        switch (kind) {
            case MethodHandleInfo.REF_getField:
                target = lookup.findGetter(owner, name, type.returnType());
                break;
            case MethodHandleInfo.REF_putField:
                target = lookup.findSetter(owner, name, type.parameterType(1));
                break;
            case MethodHandleInfo.REF_getStatic:
                target = lookup.findStaticGetter(owner, name, type.returnType());
                break;
            case MethodHandleInfo.REF_putStatic:
                target = lookup.findStaticSetter(owner, name, type.parameterType(0));
                break;
            case MethodHandleInfo.REF_invokeStatic:
                target = lookup.findStatic(owner, name, type);
                break;
            case MethodHandleInfo.REF_invokeVirtual:
            case MethodHandleInfo.REF_invokeInterface:
                target = lookup.findVirtual(owner, name, type.dropParameterTypes(0, 1));
                break;
            case MethodHandleInfo.REF_invokeSpecial:
                target = lookup.findSpecial(owner, name, type.dropParameterTypes(0, 1), host);
                break;
            default:
                throw new IllegalArgumentException("jlivepatch: no member access of reference kind " + kind);
        }
        return new ConstantCallSite(target.asType(type));
    }
}
