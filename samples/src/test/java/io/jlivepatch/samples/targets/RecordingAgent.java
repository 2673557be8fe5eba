package io.jlivepatch.samples.targets;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;

/**
 * A second test agent, started after jlivepatch's: a retransform-capable transformer that changes
 * nothing and records the bytes it is handed. Registered after the agent's transformer, it sees
 * the agent's output on a retransformation, so retransforming a class and capturing shows the class
 * bytes the JVM holds. Packaged into a jar by the test (the class itself is on the class path).
 */
public final class RecordingAgent {

    private static volatile Instrumentation inst;
    private static volatile String wanted;
    private static volatile byte[] seen;

    private RecordingAgent() {}

    public static void premain(String args, Instrumentation instrumentation) {
        inst = instrumentation;
        instrumentation.addTransformer(new ClassFileTransformer() {
            @Override
            public byte[] transform(Module module, ClassLoader loader, String className, Class<?> redefined,
                                    ProtectionDomain domain, byte[] classfileBuffer) {
                if (redefined != null && className != null && className.equals(wanted)) {
                    seen = classfileBuffer.clone();
                }
                return null;
            }
        }, true);
    }

    /** Retransforms {@code c} and returns the bytes the agents before this one produced for it. */
    static synchronized byte[] capture(Class<?> c) throws Exception {
        if (inst == null) {
            throw new IllegalStateException("the recording agent is not loaded");
        }
        seen = null;
        wanted = c.getName().replace('.', '/');
        try {
            inst.retransformClasses(c);
        } finally {
            wanted = null;
        }
        if (seen == null) {
            throw new IllegalStateException("no bytes recorded for " + c.getName());
        }
        return seen;
    }
}
