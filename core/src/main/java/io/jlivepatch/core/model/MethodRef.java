package io.jlivepatch.core.model;

/**
 * One method of a class, by name and JVM descriptor: what the kernel's {@code old_name} plus
 * {@code old_sympos} identify. Overloads differ by descriptor.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name the bare method name, for example {@code greet}
 * @param descriptor the JVM method descriptor, for example {@code (Ljava/lang/String;)Ljava/lang/String;}
 */
public record MethodRef(String name, String descriptor) {

    public MethodRef {
        Names.requireMethodName(name);
        Names.requireMethodDescriptor(descriptor);
    }

    /** Parses {@code name(descriptor)}, the form {@link #toString()} prints. */
    public static MethodRef parse(String nameAndDescriptor) {
        int paren = nameAndDescriptor == null ? -1 : nameAndDescriptor.indexOf('(');
        if (paren <= 0) {
            throw new InvalidPatchException("expected name(descriptor), got '" + nameAndDescriptor + "'");
        }
        return new MethodRef(nameAndDescriptor.substring(0, paren), nameAndDescriptor.substring(paren));
    }

    /** Whether this is a constructor or a static initialiser. */
    public boolean isInitializer() {
        return name.startsWith("<");
    }

    /** {@code name + descriptor}, the key woven into the trampoline. */
    @Override
    public String toString() {
        return name + descriptor;
    }
}
