package io.jlivepatch.agent.control;

import io.jlivepatch.core.event.LivepatchListener;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Properties;

/**
 * The latest engine messages, numbered, published under {@link Channel#LOG} so that the CLI can
 * print the messages of the operation it ran (those from its reply's {@code firstSeq} on), including
 * the ones logged later by the transition driver. Bounded to {@value #CAPACITY} lines of at most
 * {@value #MAX_TEXT} characters: a target never grows because of it.
 *
 * <p>Thread-safety: thread-safe; {@link #message} is called with the engine's lock held (it only
 * appends and publishes, never calls back into the engine).
 */
public final class Journal implements LivepatchListener {

    /** How many messages are kept. */
    public static final int CAPACITY = 128;
    /** Longer messages are cut (a blocker's frame can be long). */
    static final int MAX_TEXT = 1000;

    /**
     * One message.
     *
     * @param seq its sequence number, from 1, increasing
     * @param level its level
     * @param text the message, with its {@code jlivepatch: } prefix
     */
    public record Entry(long seq, Level level, String text) {
    }

    private final Properties published;
    private final Deque<Entry> entries = new ArrayDeque<>();
    private long nextSeq = 1;

    Journal(Properties published) {
        this.published = published;
    }

    /** The sequence number the next message will get. */
    public synchronized long nextSeq() {
        return nextSeq;
    }

    @Override
    public synchronized void message(Level level, String text) {
        String flat = text.replace('\n', ' ').replace('\r', ' ').replace('\t', ' ');
        if (flat.length() > MAX_TEXT) {
            flat = flat.substring(0, MAX_TEXT) + "...";
        }
        entries.addLast(new Entry(nextSeq++, level, flat));
        while (entries.size() > CAPACITY) {
            entries.removeFirst();
        }
        StringBuilder text2 = new StringBuilder();
        for (Entry e : entries) {
            text2.append(e.seq()).append('\t').append(e.level()).append('\t').append(e.text()).append('\n');
        }
        published.setProperty(Channel.LOG, text2.toString());
    }

    /** Reads what {@link #message} published; lines that do not parse are skipped. */
    public static List<Entry> parse(String published) {
        List<Entry> result = new ArrayList<>();
        if (published == null) {
            return result;
        }
        for (String line : published.split("\n")) {
            String[] parts = line.split("\t", 3);
            if (parts.length != 3) {
                continue;
            }
            try {
                result.add(new Entry(Long.parseLong(parts[0]), Level.valueOf(parts[1]), parts[2]));
            } catch (IllegalArgumentException e) {
                // not ours: skip
            }
        }
        return result;
    }
}
