package io.jlivepatch.build;

import java.lang.reflect.Modifier;
import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AnnotationNode;

/**
 * Texts for comparing and naming what is not code: annotations by value, and access flags in Java
 * words.
 *
 * <p>Stateless and thread-safe.
 */
final class Descriptions {

    private Descriptions() {}

    private static final String DEPRECATED = "Ljava/lang/Deprecated;";

    /**
     * Annotations with their values, comparable as text ({@code null} lists are empty), without
     * {@code @Deprecated}: documentation, which {@link #deprecation} reports apart as a note.
     */
    static String annotations(List<AnnotationNode> annotations) {
        StringBuilder text = new StringBuilder();
        if (annotations != null) {
            for (AnnotationNode annotation : annotations) {
                if (!annotation.desc.equals(DEPRECATED)) {
                    annotation(text, annotation);
                }
            }
        }
        return text.toString();
    }

    /** The {@code @Deprecated} annotation among {@code annotations}, as text ({@code ""} if none). */
    static String deprecation(List<AnnotationNode> annotations) {
        StringBuilder text = new StringBuilder();
        if (annotations != null) {
            for (AnnotationNode annotation : annotations) {
                if (annotation.desc.equals(DEPRECATED)) {
                    annotation(text, annotation);
                }
            }
        }
        return text.toString();
    }

    /** Parameter annotations, comparable as text. */
    static String parameterAnnotations(List<AnnotationNode>[] parameters) {
        StringBuilder text = new StringBuilder();
        if (parameters != null) {
            for (List<AnnotationNode> parameter : parameters) {
                text.append('(').append(annotations(parameter)).append(')');
            }
        }
        return text.toString();
    }

    private static void annotation(StringBuilder text, AnnotationNode annotation) {
        text.append('@').append(annotation.desc).append('(');
        if (annotation.values != null) {
            for (int i = 0; i + 1 < annotation.values.size(); i += 2) {
                text.append(annotation.values.get(i)).append('=');
                value(text, annotation.values.get(i + 1));
                text.append(',');
            }
        }
        text.append(')');
    }

    static void value(StringBuilder text, Object value) {
        if (value instanceof AnnotationNode nested) {
            annotation(text, nested);
        } else if (value instanceof String[] enumValue) {
            text.append(enumValue[0]).append('.').append(enumValue[1]);
        } else if (value instanceof List<?> list) {
            text.append('{');
            list.forEach(v -> {
                value(text, v);
                text.append(',');
            });
            text.append('}');
        } else if (value != null && value.getClass().isArray()) {
            text.append('[');
            for (int i = 0; i < java.lang.reflect.Array.getLength(value); i++) {
                text.append(java.lang.reflect.Array.get(value, i)).append(',');
            }
            text.append(']');
        } else {
            text.append(value);
        }
    }

    /** Access flags as Java modifiers plus the class-file-only ones ({@code synthetic}, {@code bridge}...). */
    static String modifiers(int access, boolean method) {
        StringBuilder text = new StringBuilder(Modifier.toString(access & (method ? Modifier.methodModifiers()
                | Modifier.STRICT : Modifier.fieldModifiers() | Modifier.ABSTRACT | Modifier.INTERFACE)));
        if ((access & Opcodes.ACC_SYNTHETIC) != 0) {
            text.append(" synthetic");
        }
        if (method && (access & Opcodes.ACC_BRIDGE) != 0) {
            text.append(" bridge");
        }
        if (method && (access & Opcodes.ACC_VARARGS) != 0) {
            text.append(" varargs");
        }
        if ((access & Opcodes.ACC_ENUM) != 0) {
            text.append(" enum");
        }
        String result = text.toString().trim();
        return result.isEmpty() ? "package-private" : result;
    }

    /** ASM's pseudo access flags for attributes ({@code Deprecated}, {@code Record}): not modifiers. */
    static final int PSEUDO = Opcodes.ACC_DEPRECATED | Opcodes.ACC_RECORD;

    /**
     * Whether a change of modifiers may stay unapplied: the loaded class keeps the old ones, and
     * that is harmless when the change only removes possibilities ({@code final} added, visibility
     * narrowed) or means nothing at run time ({@code varargs}, {@code strictfp}, deprecation). A
     * {@code final} removed from a field is not harmless (new code may write it), nor is any
     * widening (new callers would be refused access).
     */
    static boolean isHarmless(int before, int after, boolean field) {
        int harmless = Opcodes.ACC_VARARGS | Opcodes.ACC_STRICT | PSEUDO;
        int changed = (before ^ after) & ~harmless;
        if ((changed & Opcodes.ACC_FINAL) != 0) {
            if (field && (after & Opcodes.ACC_FINAL) == 0) {
                return false;
            }
            changed &= ~Opcodes.ACC_FINAL;
        }
        int visibility = Opcodes.ACC_PUBLIC | Opcodes.ACC_PROTECTED | Opcodes.ACC_PRIVATE;
        if ((changed & visibility) != 0) {
            if (rank(after) > rank(before)) {
                return false;
            }
            changed &= ~visibility;
        }
        return changed == 0;
    }

    private static int rank(int access) {
        if ((access & Opcodes.ACC_PUBLIC) != 0) {
            return 3;
        }
        if ((access & Opcodes.ACC_PROTECTED) != 0) {
            return 2;
        }
        return (access & Opcodes.ACC_PRIVATE) != 0 ? 0 : 1;
    }

    /** Both modifier texts, with the flags in hex when the words alone do not show the difference. */
    static String change(int before, int after, boolean method) {
        String from = modifiers(before, method);
        String to = modifiers(after, method);
        if (from.equals(to)) {
            from += " (0x" + Integer.toHexString(before) + ")";
            to += " (0x" + Integer.toHexString(after) + ")";
        }
        return "from " + from + " to " + to;
    }
}
