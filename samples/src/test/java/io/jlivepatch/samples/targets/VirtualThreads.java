package io.jlivepatch.samples.targets;

/**
 * Starts virtual threads through reflection, so that the test targets compile for Java 17 and run
 * on JDK 21+ ({@code Thread.ofVirtual()} is a Java 21 API).
 */
final class VirtualThreads {

    private VirtualThreads() {}

    /** Starts a virtual thread running {@code task}, named {@code name}, or unnamed when it is null. */
    static Thread start(String name, Runnable task) {
        try {
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            Class<?> type = Class.forName("java.lang.Thread$Builder");
            if (name != null) {
                builder = type.getMethod("name", String.class).invoke(builder, name);
            }
            return (Thread) type.getMethod("start", Runnable.class).invoke(builder, task);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("virtual threads need JDK 21+; this is " + Runtime.version(), e);
        }
    }
}
