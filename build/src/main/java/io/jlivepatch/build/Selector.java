package io.jlivepatch.build;

import java.util.Objects;

/**
 * One {@code --only} or {@code --exclude} argument: a class ({@code demo.Greeter}), the methods of
 * one name in it ({@code demo.Greeter#greet}, every overload), or one method
 * ({@code demo.Greeter#greet(Ljava/lang/String;)}, the return type optional). The class is a binary
 * name ({@code $} for nested classes); a class selects the classes nested in it too, anonymous and
 * local ones included, since they are part of its source.
 *
 * <p>Immutable and thread-safe.
 *
 * @param className the binary name, dotted
 * @param method the method name, or {@code null} for the whole class
 * @param descriptor the parameter descriptor, with or without the return type
 *     ({@code (Ljava/lang/String;)} or {@code (Ljava/lang/String;)V}), or {@code null} for every overload
 */
public record Selector(String className, String method, String descriptor) {

    /**
     * Checks the parts.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public Selector {
        Objects.requireNonNull(className, "className");
        if (className.isEmpty() || className.contains("/") || className.startsWith(".") || className.endsWith(".")) {
            throw new IllegalArgumentException("not a class name: '" + className + "' (a binary name such as demo.Greeter"
                    + " or demo.Greeter$Inner)");
        }
        if (method != null && (method.isEmpty() || method.contains(".") || method.contains("/"))) {
            throw new IllegalArgumentException("not a method name: '" + method + "'");
        }
        if (descriptor != null && (method == null || !descriptor.startsWith("(") || descriptor.indexOf(')') < 0)) {
            throw new IllegalArgumentException("not a method descriptor: '" + descriptor
                    + "' (such as (Ljava/lang/String;I) or (Ljava/lang/String;I)V)");
        }
    }

    /**
     * Parses {@code class}, {@code class#method} or {@code class#method(descriptor)}.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static Selector parse(String text) {
        int hash = text.indexOf('#');
        if (hash < 0) {
            return new Selector(text, null, null);
        }
        String rest = text.substring(hash + 1);
        int paren = rest.indexOf('(');
        return paren < 0 ? new Selector(text.substring(0, hash), rest, null)
                : new Selector(text.substring(0, hash), rest.substring(0, paren), rest.substring(paren));
    }

    /** Whether this selects a whole class (and its nested classes), not methods. */
    public boolean isClass() {
        return method == null;
    }

    /** Whether the class of this selector is {@code dottedClass} or encloses it. */
    boolean coversClass(String dottedClass) {
        return dottedClass.equals(className) || dottedClass.startsWith(className + "$");
    }

    /** Whether this selects the method {@code name + desc} of the class {@code dottedClass}. */
    boolean selectsMethod(String dottedClass, String name, String desc) {
        if (isClass()) {
            return coversClass(dottedClass);
        }
        return dottedClass.equals(className) && name.equals(method) && (descriptor == null
                || (descriptor.endsWith(")") ? desc.startsWith(descriptor) : desc.equals(descriptor)));
    }

    @Override
    public String toString() {
        return className + (method == null ? "" : "#" + method + (descriptor == null ? "" : descriptor));
    }
}
