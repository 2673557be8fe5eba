package io.jlivepatch.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a static method of a {@link TargetClass} as the replacement of one target method (the
 * kernel's {@code klp_func}).
 *
 * <p>The target method's descriptor is inferred from the replacement's signature: for an instance
 * method the first parameter is the receiver and the rest are the target's parameters; for a static
 * target method ({@link #isStatic()}) the parameters are the same. The return type is the same in
 * both cases. For example {@code static String greet(Greeter self, String name)} replaces
 * {@code Greeter.greet(Ljava/lang/String;)Ljava/lang/String;}.
 *
 * <p>Read from the class file by the agent (class retention); the annotation is never loaded.
 */
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Replace {

    /** The target method's name; empty means the same name as the annotated method. */
    String value() default "";

    /** Whether the target method is static (then no receiver parameter comes first). */
    boolean isStatic() default false;

    /**
     * The fingerprint of the target method this replacement was written against: the SHA-256 (hex)
     * of its normalized code, as {@code jlivepatch build} computes it. At enable, a target class whose
     * original bytes give a different fingerprint refuses the whole patch. Empty means unchecked.
     */
    String fingerprint() default "";
}
