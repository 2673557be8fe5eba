package io.jlivepatch.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a class of a patch jar as the replacement code for one target class (the kernel's
 * {@code klp_object}). Its {@link Replace}-annotated static methods become the patch's funcs.
 *
 * <p>At enable the class is renamed into the target's package and defined as a hidden nestmate of
 * every loaded copy of the target class, so its code may read private fields and call private
 * methods of the target exactly as the original did.
 *
 * <p>Read from the class file by the agent (class retention); the annotation is never loaded.
 */
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface TargetClass {

    /** The binary name of the target class, with dots: {@code com.example.Greeter}, {@code a.b.Outer$Inner}. */
    String value();
}
