package io.jlivepatch.core.reader;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * What the reader needs from one class file of a patch: its name, its {@code @TargetClass}, its
 * {@code @Replace} methods, and what tells a callbacks class (its superclass, whether it implements
 * {@code ObjectCallbacks} itself, and whether the agent can instantiate it).
 *
 * <p>Immutable and thread-safe.
 *
 * @param binaryName the class's binary name, with dots
 * @param targetClass the {@code @TargetClass} value, or {@code null} if the class has none
 * @param replaceMethods its {@code @Replace} methods, in class-file order
 * @param superName binary name of its superclass, or {@code null} (for {@code java.lang.Object})
 * @param implementsCallbacks whether it names {@code io.jlivepatch.api.ObjectCallbacks} among its own interfaces
 * @param notInstantiable why it could not be a callbacks class ("is abstract", ...), or {@code null}
 */
record ClassAnnotations(String binaryName, String targetClass, List<ReplaceMethod> replaceMethods, String superName,
                        boolean implementsCallbacks, String notInstantiable) {

    /*
     * Matched by descriptor rather than by class literal: core must not depend on the runtime
     * module, and the annotations (class retention) are in the class file, never loaded.
     */
    static final String TARGET_CLASS = "Lio/jlivepatch/api/TargetClass;";
    static final String REPLACE = "Lio/jlivepatch/api/Replace;";
    /** The callbacks interface, matched by name for the same reason. */
    static final String OBJECT_CALLBACKS = "io/jlivepatch/api/ObjectCallbacks";

    /** Only annotations are wanted: skipping code, debug info and frames keeps the scan cheap. */
    private static final int PARSING = ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES;

    ClassAnnotations {
        replaceMethods = List.copyOf(replaceMethods);
    }

    /**
     * Parses the class file stored as jar entry {@code entryName}.
     *
     * @throws JarProblem naming the entry if the class file is malformed, is not stored under its
     *     own name, or carries the annotations with values of the wrong type
     */
    static ClassAnnotations scan(String entryName, byte[] classFile) throws JarProblem {
        Scanner scanner = new Scanner();
        try {
            new ClassReader(classFile).accept(scanner, PARSING);
        } catch (RuntimeException e) {
            // ASM reports a malformed or too new class file with assorted unchecked exceptions.
            throw new JarProblem("has a malformed class file " + entryName + ": " + e, e);
        }
        if (scanner.internalName == null) {
            // No class header visited (found by PatchJarReaderFuzzTest: an entry named "null.class"
            // would otherwise pass the name check below as "null" + ".class").
            throw new JarProblem("has a malformed class file " + entryName + ": it names no class");
        }
        if (!entryName.equals(scanner.internalName + ".class")) {
            // The jar path is what names the class in Patch.classes; the two must agree, or the
            // class would later be defined under a name its own bytes contradict.
            throw new JarProblem("has entry " + entryName + " holding class " + scanner.internalName.replace('/', '.')
                    + ": a class must be stored under its own name");
        }
        if (scanner.problem != null) {
            throw new JarProblem("has an invalid annotation in " + entryName + ": " + scanner.problem);
        }
        return new ClassAnnotations(scanner.internalName.replace('/', '.'), scanner.targetClass, scanner.methods,
                scanner.superName, scanner.implementsCallbacks, scanner.notInstantiable());
    }

    /**
     * Collects the annotations. ASM's visitor methods cannot throw checked exceptions, so a problem
     * is recorded (the first one wins) and reported once the class has been read.
     */
    private static final class Scanner extends ClassVisitor {
        String internalName;
        String targetClass;
        final List<ReplaceMethod> methods = new ArrayList<>();
        String problem;
        String superName;
        boolean implementsCallbacks;
        int access;
        boolean publicNoArgConstructor;

        Scanner() {
            super(Opcodes.ASM9);
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName,
                          String[] interfaces) {
            internalName = name;
            this.access = access;
            this.superName = superName == null || superName.equals("java/lang/Object") ? null : superName.replace('/', '.');
            this.implementsCallbacks = interfaces != null && Arrays.asList(interfaces).contains(OBJECT_CALLBACKS);
        }

        /** Why the agent could not create an instance with {@code new C()}, or {@code null}. */
        String notInstantiable() {
            if ((access & (Opcodes.ACC_INTERFACE | Opcodes.ACC_ANNOTATION)) != 0) {
                return "is an interface";
            }
            if ((access & Opcodes.ACC_ABSTRACT) != 0) {
                return "is abstract";
            }
            if ((access & Opcodes.ACC_PUBLIC) == 0) {
                return "is not public";
            }
            return publicNoArgConstructor ? null : "has no public constructor without parameters";
        }

        // Visible or not: the API has class retention, but a copy compiled with runtime retention
        // means the same thing.
        @Override
        public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
            if (!TARGET_CLASS.equals(descriptor)) {
                return null;
            }
            return new AnnotationVisitor(api) {
                private boolean hasValue;

                @Override
                public void visit(String name, Object value) {
                    if ("value".equals(name)) {
                        hasValue = true;
                        if (value instanceof String text) {
                            targetClass = text;
                        } else {
                            problem("@TargetClass(value) is not a string");
                        }
                    }
                }

                @Override
                public void visitEnd() {
                    if (!hasValue) {
                        problem("@TargetClass has no value");
                    }
                }
            };
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                         String[] exceptions) {
            if (name.equals("<init>") && descriptor.equals("()V") && (access & Opcodes.ACC_PUBLIC) != 0) {
                publicNoArgConstructor = true;
            }
            return new MethodVisitor(api) {
                @Override
                public AnnotationVisitor visitAnnotation(String annotation, boolean visible) {
                    return REPLACE.equals(annotation) ? replace(access, name, descriptor) : null;
                }
            };
        }

        private AnnotationVisitor replace(int access, String name, String descriptor) {
            String method = internalName.replace('/', '.') + "." + name + descriptor;
            return new AnnotationVisitor(api) {
                // The class file only holds values that differ from the defaults.
                private String targetName = "";
                private boolean targetIsStatic;
                private String fingerprint = "";

                @Override
                public void visit(String element, Object value) {
                    switch (element) {
                        case "value" -> {
                            if (value instanceof String text) {
                                targetName = text;
                            } else {
                                problem("@Replace(value) on " + method + " is not a string");
                            }
                        }
                        case "isStatic" -> {
                            if (value instanceof Boolean flag) {
                                targetIsStatic = flag;
                            } else {
                                problem("@Replace(isStatic) on " + method + " is not a boolean");
                            }
                        }
                        case "fingerprint" -> {
                            if (value instanceof String text) {
                                fingerprint = text;
                            } else {
                                problem("@Replace(fingerprint) on " + method + " is not a string");
                            }
                        }
                        // Another version of the API: guessing what it meant could patch the wrong method.
                        default -> problem("@Replace on " + method + " has an unknown element '" + element + "'");
                    }
                }

                @Override
                public void visitEnd() {
                    methods.add(new ReplaceMethod(internalName.replace('/', '.'), name, descriptor,
                            (access & Opcodes.ACC_STATIC) != 0, targetName, targetIsStatic, fingerprint));
                }
            };
        }

        private void problem(String text) {
            if (problem == null) {
                problem = text;
            }
        }
    }
}
