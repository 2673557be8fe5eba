package io.jlivepatch.samples.targets;

/** Atomic replace's seed scenario: the class of {@code f1}, which patch A changes and B reverts. */
public class SeedOne {

    public static String f1() {
        return "f1 original";
    }
}
