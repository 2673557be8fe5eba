package io.jlivepatch.samples.targets;

import java.lang.instrument.ClassDefinition;
import java.lang.instrument.Instrumentation;

/**
 * A minimal test agent for the contrast runs: it keeps the {@link Instrumentation} so that the
 * harness can redefine classes the way HotSwap-style tools do. Packaged into a jar by the test.
 */
public final class InstrumentationHolder {

    private static volatile Instrumentation inst;

    private InstrumentationHolder() {}

    public static void premain(String args, Instrumentation instrumentation) {
        inst = instrumentation;
    }

    static void redefine(Class<?> c, byte[] bytes) throws Exception {
        inst.redefineClasses(new ClassDefinition(c, bytes));
    }
}
