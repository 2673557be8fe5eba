package io.jlivepatch.samples.targets;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The "getpid hammered" selftest's user processes: threads calling {@link Syscall#getpid} in a
 * loop; each notes its first call that ran the new code (the kernel's {@code npids} count). The
 * workers of {@link TransitionCommands}' {@code hammer}.
 *
 * <p>Thread-safety: {@link #run} is synchronized; the counts are atomic.
 */
final class Hammer {

    private static final List<Thread> threads = new ArrayList<>();
    private static final AtomicBoolean stop = new AtomicBoolean();
    private static final AtomicInteger notPatched = new AtomicInteger();
    private static final AtomicInteger wentBack = new AtomicInteger();
    private static final AtomicInteger threw = new AtomicInteger();

    private Hammer() {}

    static synchronized String run(String what, int n) throws InterruptedException {
        switch (what) {
            case "start":
                stop.set(false);
                notPatched.set(n);
                wentBack.set(0);
                threw.set(0);
                AtomicInteger started = new AtomicInteger();
                for (int i = 0; i < n; i++) {
                    threads.add(Daemons.start("getpid-" + (i + 1), () -> {
                        boolean patched = false;
                        boolean counted = false;
                        started.incrementAndGet();
                        while (!stop.get()) {
                            boolean now;
                            try {
                                now = Syscall.getpid().startsWith("klp ");
                            } catch (Throwable t) {
                                // Reported by stop, never a silent death; the first one printed.
                                if (threw.incrementAndGet() == 1) {
                                    t.printStackTrace(System.out);
                                }
                                continue;
                            }
                            if (now && !patched) {
                                patched = true;
                                notPatched.decrementAndGet();
                            } else if (!now && patched && !counted) {
                                counted = true;
                                wentBack.incrementAndGet();
                            }
                        }
                    }));
                }
                long deadline = System.nanoTime() + Daemons.WAIT_MILLIS * 1_000_000;
                while (started.get() < n && System.nanoTime() < deadline) {
                    Thread.sleep(1);
                }
                return "hammering getpid with " + n + " threads";
            case "wait":
                long until = System.nanoTime() + Daemons.WAIT_MILLIS * 1_000_000;
                while (notPatched.get() > 0 && System.nanoTime() < until) {
                    Thread.sleep(1);
                }
                return "Remaining not livepatched threads: " + notPatched.get();
            case "stop":
                stop.set(true);
                Daemons.join(threads);
                int n2 = threads.size();
                threads.clear();
                return "stopped " + n2 + " threads, " + wentBack.get() + " went back to the original code"
                        + (threw.get() > 0 ? ", " + threw.get() + " threw" : "");
            default:
                throw new IllegalArgumentException("hammer " + what);
        }
    }
}
