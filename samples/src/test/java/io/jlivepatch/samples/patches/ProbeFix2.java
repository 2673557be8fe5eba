package io.jlivepatch.samples.patches;

import io.jlivepatch.api.Replace;
import io.jlivepatch.api.TargetClass;
import java.lang.invoke.MethodHandles;

/** Answers with its own replacement class (hidden, defined by the agent), for the collection test. */
@TargetClass("io.jlivepatch.samples.targets.Probe")
public final class ProbeFix2 {

    private ProbeFix2() {}

    @Replace(isStatic = true)
    static Object who() {
        return MethodHandles.lookup().lookupClass();
    }
}
