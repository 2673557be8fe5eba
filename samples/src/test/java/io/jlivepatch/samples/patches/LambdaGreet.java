package io.jlivepatch.samples.patches;

import io.jlivepatch.api.Replace;
import io.jlivepatch.api.TargetClass;
import io.jlivepatch.samples.targets.Greeter;
import java.io.Serializable;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Hand-written patch code with every kind of lambda: bodies in the replacement class (which the
 * agent defines as a hidden class) capturing and not, a serializable one, and method references to
 * the JDK and to the target, bound and unbound.
 */
@TargetClass("io.jlivepatch.samples.targets.Greeter")
public final class LambdaGreet {

    private LambdaGreet() {}

    @Replace
    static String greet(Greeter self, String name) {
        Supplier<String> prefix = () -> "lambdas";
        Function<String, String> shout = s -> s.toUpperCase() + "!";
        Supplier<String> who = () -> name;
        Function<String, String> upper = String::toUpperCase;
        Function<String, String> fine = self::fail;
        Supplier<String> serializable = (Supplier<String> & Serializable) () -> name + "~";
        String joined = Stream.of(name, name).map(upper).collect(Collectors.joining("+"));
        return prefix.get() + " " + who.get() + " " + shout.apply(name) + " " + joined + " " + fine.apply(name) + " "
                + serializable.get();
    }
}
