package io.jlivepatch.core.reader;

import io.jlivepatch.core.model.InvalidPatchException;
import io.jlivepatch.core.model.MethodRef;
import io.jlivepatch.core.model.PatchFunc;
import io.jlivepatch.core.model.Replacement;
import java.util.Arrays;
import org.objectweb.asm.Type;

/**
 * A method of a patch class annotated {@code @Replace}, as found in its class file, and the rule
 * that turns it into a func: which target method it replaces.
 *
 * <p>Immutable and thread-safe.
 *
 * @param owner binary name of the class that declares it, with dots
 * @param name its name
 * @param descriptor its JVM descriptor, as the class file has it
 * @param isStatic whether it is declared {@code static}
 * @param targetName {@code Replace.value()}: the target method's name, or {@code ""} for the same name
 * @param targetIsStatic {@code Replace.isStatic()}: whether the target method is static
 * @param fingerprint {@code Replace.fingerprint()}: the target method's expected fingerprint, or {@code ""}
 */
record ReplaceMethod(String owner, String name, String descriptor, boolean isStatic, String targetName,
                     boolean targetIsStatic, String fingerprint) {

    /**
     * The func this method makes for a method of {@code targetClass}.
     *
     * @throws JarProblem naming this method if it is not static, its signature leaves no receiver,
     *     or the target it names is not a patchable method
     */
    PatchFunc func(String targetClass) throws JarProblem {
        if (!isStatic) {
            throw new JarProblem("has a @Replace method " + this + " that is not static: a replacement is a static"
                    + " method whose first parameter is the receiver (or none, with @Replace(isStatic = true))");
        }
        try {
            // The replacement first: it also checks the descriptor that the inference below parses.
            Replacement replacement = new Replacement(owner, new MethodRef(name, descriptor));
            String target = targetName.isEmpty() ? name : targetName;
            return PatchFunc.of(new MethodRef(target, targetDescriptor(targetClass)), replacement, fingerprint);
        } catch (InvalidPatchException e) {
            throw new JarProblem("has an invalid @Replace method " + this + ": " + e.getMessage(), e);
        }
    }

    /**
     * Infers the target's descriptor: a static target takes the same parameters; an instance target
     * takes all but the first, which is its receiver and so must be an object. The return type is
     * the same either way.
     */
    private String targetDescriptor(String targetClass) throws JarProblem {
        if (targetIsStatic) {
            return descriptor;
        }
        Type[] parameters = Type.getArgumentTypes(descriptor);
        if (parameters.length == 0) {
            throw new JarProblem("has a @Replace method " + this + " without parameters: its first parameter must"
                    + " be the receiver (" + targetClass + "), or use @Replace(isStatic = true) for a static"
                    + " target method");
        }
        if (parameters[0].getSort() != Type.OBJECT) {
            throw new JarProblem("has a @Replace method " + this + " whose first parameter ("
                    + parameters[0].getClassName() + ") is not a receiver: it must be a reference to "
                    + targetClass + ", or use @Replace(isStatic = true) for a static target method");
        }
        return Type.getMethodDescriptor(Type.getReturnType(descriptor),
                Arrays.copyOfRange(parameters, 1, parameters.length));
    }

    /** {@code owner.name(descriptor)}: how messages name the method. */
    @Override
    public String toString() {
        return owner + "." + name + descriptor;
    }
}
