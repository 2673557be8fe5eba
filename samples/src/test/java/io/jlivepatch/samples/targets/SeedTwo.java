package io.jlivepatch.samples.targets;

/** Atomic replace's seed scenario: {@code f2} and {@code f3}, which only patch B changes. */
public class SeedTwo {

    public static String f2() {
        return "f2 original";
    }

    public static String f3() {
        return "f3 original";
    }
}
