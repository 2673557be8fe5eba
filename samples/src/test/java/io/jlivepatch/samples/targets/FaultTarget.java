package io.jlivepatch.samples.targets;

import java.util.ArrayList;
import java.util.List;

/**
 * The forked target of the fault tests ({@code FaultsIT}): the console protocol of {@link TargetMain}
 * ({@link TargetMain#serve}) with commands of its own, under its own main class name so that no other
 * suite's CLI run can pick it by a main-class substring.
 *
 * <p>Commands: {@code call greet}, {@code throw} (calls {@code Greeter.fail("now")} and answers
 * with what it threw: type, message and the top three frames, {@code java.lang.invoke} left out), {@code hold} (a thread "holder"
 * enters {@code Holder.hold()} and stays), {@code inside} (whether some thread, the holder or a
 * patch's callback, is waiting in {@code Holder.waitForRelease()}), {@code release} (lets every
 * such thread go).
 */
public final class FaultTarget {

    private static Thread holder;

    private FaultTarget() {}

    public static void main(String[] args) throws Exception {
        TargetMain.serve(FaultTarget::command);
    }

    /** {@link #answer}, for the console's protocol (which reports what it throws as {@code error: ...}). */
    private static String command(String command) {
        try {
            return answer(command);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String answer(String command) throws Exception {
        switch (command) {
            case "call greet":
                return "greet = " + new Greeter().greet("world");
            case "throw":
                return thrown();
            case "hold":
                holder = new Thread(Holder::hold, "holder");
                holder.setDaemon(true);
                holder.start();
                return Holder.awaitInside() ? "holding" : "did not enter";
            case "inside":
                return Holder.awaitInside() ? "inside" : "nobody inside";
            case "release":
                Holder.release();
                if (holder != null) {
                    holder.join(10_000);
                    holder = null;
                }
                return "released";
            default:
                throw new IllegalArgumentException("unknown command " + command);
        }
    }

    /** {@code returned <value>}, or {@code threw <type>: <message> at <frame> < <frame>}. */
    private static String thrown() {
        try {
            return "returned " + new Greeter().fail("now");
        } catch (Throwable t) {
            List<String> frames = new ArrayList<>();
            for (StackTraceElement e : t.getStackTrace()) {
                // The method-handle plumbing between the trampoline and the replacement (shown
                // only with -XX:+ShowHiddenFrames) is the JDK's, not the application's: left out.
                if (frames.size() < 3 && !e.getClassName().startsWith("java.lang.invoke.")) {
                    frames.add(e.getClassName() + "." + e.getMethodName() + "(" + e.getFileName() + ":" + e.getLineNumber() + ")");
                }
            }
            return "threw " + t.getClass().getName() + ": " + t.getMessage() + " at " + String.join(" < ", frames);
        }
    }
}
