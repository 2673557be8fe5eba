package io.jlivepatch.core.registry;

import io.jlivepatch.core.event.LivepatchListener;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects the engine's messages, like the kernel selftests' dmesg capture. {@link #lines} drops
 * the per-thread "klp_try_switch_task" lines, as {@code check_result} does.
 */
public final class Transcript implements LivepatchListener {

    private final List<String> all = new ArrayList<>();
    private final List<Level> levels = new ArrayList<>();
    private int mark;

    @Override
    public synchronized void message(Level level, String text) {
        all.add(text);
        levels.add(level);
    }

    /** Every message, in order. */
    public synchronized List<String> all() {
        return List.copyOf(all);
    }

    /** The level of every message, in order. */
    public synchronized List<Level> levels() {
        return List.copyOf(levels);
    }

    /** The messages since the last {@link #take}, without klp_try_switch_task lines, and moves the mark. */
    public synchronized List<String> take() {
        List<String> lines = filtered(all.subList(mark, all.size()));
        mark = all.size();
        return lines;
    }

    /** Every message without klp_try_switch_task lines. */
    public synchronized List<String> lines() {
        return filtered(all);
    }

    private static List<String> filtered(List<String> lines) {
        List<String> kept = new ArrayList<>();
        for (String line : lines) {
            if (!line.contains("klp_try_switch_task")) {
                kept.add(line);
            }
        }
        return kept;
    }
}
