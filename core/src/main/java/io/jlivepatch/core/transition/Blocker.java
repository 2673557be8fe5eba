package io.jlivepatch.core.transition;

/**
 * A thread that kept a transition from completing in the driver's last pass, and the frame that
 * blocked it (the kernel's "is sleeping on function").
 *
 * <p>Immutable and thread-safe.
 *
 * @param thread the thread's name, or {@code #id} when it has none
 * @param frame the blocking frame, {@code class.method(File:line)}
 */
public record Blocker(String thread, String frame) {

    /** {@code thread}, blocked by {@code frame}. */
    static Blocker at(Thread thread, StackTraceElement frame) {
        return of(thread, describe(frame));
    }

    /** {@code thread}, blocked for {@code why} (no frame to name). */
    static Blocker of(Thread thread, String why) {
        return new Blocker(label(thread), why);
    }

    /**
     * How a blocker names its thread: its name, or {@code #id} when it has none (virtual threads
     * are unnamed unless their builder names them).
     */
    @SuppressWarnings("deprecation") // threadId() is JDK 19+; getId() is the same number on 17
    static String label(Thread thread) {
        String name = thread.getName();
        return name.isEmpty() ? "#" + thread.getId() : name;
    }

    /** {@code class.method(File:line)}, without the loader and module prefixes of {@code toString()}. */
    static String describe(StackTraceElement frame) {
        String where = frame.getFileName() == null ? "Unknown Source"
                : frame.getLineNumber() >= 0 ? frame.getFileName() + ":" + frame.getLineNumber() : frame.getFileName();
        return frame.getClassName() + "." + frame.getMethodName() + "(" + where + ")";
    }
}
