package io.jlivepatch.samples.targets;

/** A target class the tests load only after a patch for it is enabled (the kernel's module coming). */
public class Late {

    public String version() {
        return "late original";
    }
}
