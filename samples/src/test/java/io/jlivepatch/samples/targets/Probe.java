package io.jlivepatch.samples.targets;

/**
 * A target whose fixes answer with their own (hidden) replacement class, so that a test can hold
 * it weakly and see whether it is collected once its patch is gone.
 */
public class Probe {

    public static Object who() {
        return "original";
    }
}
