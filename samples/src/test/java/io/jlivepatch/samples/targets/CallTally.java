package io.jlivepatch.samples.targets;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The stress harnesses' record of {@link Chain#f()} answers ({@code <f's tag>/<g's tag>}): calls by
 * version, calls that mixed two versions, and exceptions, which a worker must report here instead
 * of dying silently (a redirect that throws into the application is a failure, not noise).
 *
 * <p><b>Settled phases.</b> Between two flips the harness {@linkplain #settle settles} on the
 * version that every call must now run (the flip's transition is over). A call made wholly within
 * a settled phase must answer that version twice: anything else is counted as
 * {@code wrongSettled}. The harness then waits until such a call has answered ({@link
 * Phase#awaitAnswered}): so every enabled phase proves that patched code actually ran (a broken
 * redirect cannot pass as "0 mixed"), and every disabled phase that the original came back.
 * Phases without such an answer are counted as {@code silentPhases}.
 *
 * <p>Thread-safety: {@link #callF} and {@link #failed} are called by any worker;
 * {@link #settle}, {@link #unsettle} and {@link #summary} by the harness's main thread.
 */
public final class CallTally {

    /** How long a settled phase may take to see its first answer before it counts as silent. */
    private static final long ANSWER_MILLIS = 5_000;
    private static final int PRINTED = 5;

    private final AtomicLong calls = new AtomicLong();
    private final Map<String, AtomicLong> byVersion = new ConcurrentHashMap<>();
    private final AtomicLong mixed = new AtomicLong();
    private final AtomicLong exceptions = new AtomicLong();
    private final AtomicLong wrongSettled = new AtomicLong();
    private final AtomicInteger silentPhases = new AtomicInteger();
    private volatile Phase current;

    /**
     * A stretch between two flips in which every call runs {@code version}.
     *
     * <p>Thread-safety: {@code answered} is bumped by workers and read by the main thread.
     */
    public final class Phase {
        private final String version;
        private final AtomicLong answered = new AtomicLong();

        private Phase(String version) {
            this.version = version;
        }

        /**
         * Waits (polling) until a call that began in this phase answered its version; counts the
         * phase as silent after 5 s.
         *
         * @return whether a call answered
         */
        public boolean awaitAnswered() throws InterruptedException {
            long deadline = System.nanoTime() + ANSWER_MILLIS * 1_000_000;
            while (answered.get() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(0, 200_000);
            }
            if (answered.get() == 0) {
                silentPhases.incrementAndGet();
                return false;
            }
            return true;
        }
    }

    /**
     * One call of {@link Chain#f()}, recorded, with any exception it throws counted: what every
     * worker does. The call counts for the settled phase only if that phase was current both
     * before and after it, that is, no flip started while it ran.
     */
    public void callF() {
        try {
            Phase before = current;
            String answer = Chain.f();
            record(current == before ? before : null, answer);
        } catch (Throwable t) {
            failed(t);
        }
    }

    /** From now on every call must run {@code version} (the flip's transition is over). */
    public Phase settle(String version) {
        Phase phase = new Phase(version);
        current = phase;
        return phase;
    }

    /** A flip is about to start: calls from now on may run either side. */
    public void unsettle() {
        current = null;
    }

    /** Records the answer of a call made wholly within {@code phase} (null: not within one). */
    private void record(Phase phase, String answer) {
        int slash = answer.indexOf('/');
        String f = answer.substring(0, slash);
        String g = answer.substring(slash + 1);
        if (!f.equals(g)) {
            if (mixed.incrementAndGet() <= PRINTED) {
                System.out.println("mixed call: " + answer + " (" + Thread.currentThread().getName() + ")");
            }
        } else {
            byVersion.computeIfAbsent(f, k -> new AtomicLong()).incrementAndGet();
        }
        if (phase != null) {
            if (f.equals(phase.version) && g.equals(phase.version)) {
                phase.answered.incrementAndGet();
            } else if (wrongSettled.incrementAndGet() <= PRINTED) {
                System.out.println("wrong version in a settled phase: " + answer + ", settled on " + phase.version
                        + " (" + Thread.currentThread().getName() + ")");
            }
        }
        calls.incrementAndGet();
    }

    /** Records an exception a worker caught: a failure, with the first few printed. */
    public void failed(Throwable t) {
        if (exceptions.incrementAndGet() <= PRINTED) {
            synchronized (System.out) {
                System.out.println("exception in " + Thread.currentThread().getName() + ":");
                t.printStackTrace(System.out);
            }
        }
    }

    public long calls() {
        return calls.get();
    }

    public long mixed() {
        return mixed.get();
    }

    /** Calls that answered {@code version} for both f and g. */
    public long of(String version) {
        AtomicLong n = byVersion.get(version);
        return n == null ? 0 : n.get();
    }

    /**
     * {@code calls=N <version>=N... mixed=N exceptions=N wrongSettled=N silentPhases=N}, versions in
     * the given order (a version that never answered shows 0).
     */
    public String summary(String... versions) {
        Map<String, Long> counts = new TreeMap<>();
        byVersion.forEach((k, v) -> counts.put(k, v.get()));
        StringBuilder s = new StringBuilder("calls=").append(calls.get());
        for (String version : versions) {
            s.append(' ').append(version).append('=').append(counts.getOrDefault(version, 0L));
            counts.remove(version);
        }
        counts.forEach((k, v) -> s.append(" other:").append(k).append('=').append(v));
        return s.append(" mixed=").append(mixed.get()).append(" exceptions=").append(exceptions.get())
                .append(" wrongSettled=").append(wrongSettled.get()).append(" silentPhases=")
                .append(silentPhases.get()).toString();
    }
}
