package io.jlivepatch.agent.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlivepatch.core.event.LivepatchListener.Level;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The published message journal: numbered, one line each, bounded, readable by the CLI. */
class JournalTest {

    @Test
    void publishesNumberedMessagesTheCliReadsBack() {
        Properties published = new Properties();
        Journal journal = new Journal(published);
        assertEquals(1, journal.nextSeq());
        journal.message(Level.NOTICE, "jlivepatch: enabling patch 'a'");
        journal.message(Level.DEBUG, "jlivepatch: multi\nline\twith tab");
        assertEquals(3, journal.nextSeq());
        assertEquals(List.of(new Journal.Entry(1, Level.NOTICE, "jlivepatch: enabling patch 'a'"),
                new Journal.Entry(2, Level.DEBUG, "jlivepatch: multi line with tab")),
                Journal.parse(published.getProperty(Channel.LOG)));
    }

    @Test
    void keepsTheNewestAndCutsLongMessages() {
        Properties published = new Properties();
        Journal journal = new Journal(published);
        for (int i = 0; i < Journal.CAPACITY + 10; i++) {
            journal.message(Level.NOTICE, "m" + i);
        }
        journal.message(Level.ERROR, "x".repeat(Journal.MAX_TEXT * 3));
        List<Journal.Entry> entries = Journal.parse(published.getProperty(Channel.LOG));
        assertEquals(Journal.CAPACITY, entries.size());
        assertEquals(12, entries.get(0).seq());
        Journal.Entry last = entries.get(entries.size() - 1);
        assertEquals(Journal.MAX_TEXT + 3, last.text().length());
        assertTrue(published.getProperty(Channel.LOG).length() < Journal.CAPACITY * (Journal.MAX_TEXT + 20));
    }

    @Test
    void parseSkipsWhatIsNotAnEntry() {
        assertEquals(List.of(new Journal.Entry(5, Level.WARNING, "ok")),
                Journal.parse("garbage\n5\tWARNING\tok\nx\tNOTICE\ty\n6\tLOUD\tz\n"));
        assertEquals(List.of(), Journal.parse(null));
    }
}
