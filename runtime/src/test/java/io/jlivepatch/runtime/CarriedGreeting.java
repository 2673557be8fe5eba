package io.jlivepatch.runtime;

import java.util.function.Supplier;

/** A class a patch would add, for {@link NewClassesTest}: defined there from its class file as a hidden class. */
final class CarriedGreeting implements Supplier<String> {
    private final String name;

    CarriedGreeting(String name) {
        this.name = name;
    }

    @Override
    public String get() {
        return "hello " + name;
    }
}
