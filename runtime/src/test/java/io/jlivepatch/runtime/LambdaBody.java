package io.jlivepatch.runtime;

/** A lambda body to define as a hidden class in {@link LambdasTest}, as a replacement class would hold it. */
final class LambdaBody {
    private LambdaBody() {}

    static String label(String prefix, Integer value) {
        return prefix + value;
    }

    static String constant() {
        return "constant";
    }

    /** A functional interface that is not public, which {@code MethodHandleProxies} would refuse. */
    @FunctionalInterface
    interface Labeller {
        String label(Integer value);
    }
}
