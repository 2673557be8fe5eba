package io.jlivepatch.samples.demo;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counts demo answers per time slot, and the operations applied, so the demo can print and draw
 * which version answered over time.
 *
 * <p>Thread-safety: {@link #record} is called by the load threads concurrently (atomic counters);
 * {@link #mark} by the driver.
 */
final class Timeline {

    /** Width of one slot. */
    static final long SLOT_NANOS = 250_000_000L;

    private final long start = System.nanoTime();
    private final int slots;
    private final AtomicLongArray counts;
    private final List<Mark> marks = new ArrayList<>();

    /** An operation, at a time since the start. */
    record Mark(double seconds, String label) {
    }

    Timeline(double seconds) {
        this.slots = (int) Math.ceil(seconds * 1e9 / SLOT_NANOS) + 8;
        this.counts = new AtomicLongArray(slots * Answer.values().length);
    }

    double elapsedSeconds() {
        return (System.nanoTime() - start) / 1e9;
    }

    void record(Answer answer) {
        int slot = (int) Math.min(slots - 1, (System.nanoTime() - start) / SLOT_NANOS);
        counts.incrementAndGet(slot * Answer.values().length + answer.ordinal());
    }

    synchronized void mark(String label) {
        marks.add(new Mark(elapsedSeconds(), label));
    }

    synchronized List<Mark> marks() {
        return List.copyOf(marks);
    }

    /** The counts of {@code slot}. */
    Map<Answer, Long> slot(int slot) {
        Map<Answer, Long> result = new EnumMap<>(Answer.class);
        for (Answer answer : Answer.values()) {
            result.put(answer, counts.get(slot * Answer.values().length + answer.ordinal()));
        }
        return result;
    }

    /** Number of slots used so far. */
    int used() {
        return (int) Math.min(slots, (System.nanoTime() - start) / SLOT_NANOS + 1);
    }

    /** Totals over slots {@code [from, to)}. */
    Map<Answer, Long> total(int from, int to) {
        Map<Answer, Long> result = new EnumMap<>(Answer.class);
        for (Answer answer : Answer.values()) {
            result.put(answer, 0L);
        }
        for (int s = Math.max(0, from); s < Math.min(to, slots); s++) {
            slot(s).forEach((k, v) -> result.merge(k, v, Long::sum));
        }
        return result;
    }
}
