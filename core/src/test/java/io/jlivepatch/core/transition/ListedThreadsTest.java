package io.jlivepatch.core.transition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The snapshot's array table: every listed thread found at its own slot, dropped ones not. */
class ListedThreadsTest {

    private static List<Thread> threads(int n) {
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            threads.add(new Thread("t" + i));
        }
        return threads;
    }

    @Test
    void everyListedThreadHasItsOwnSlotAndOthersHaveNone() {
        List<Thread> listed = threads(10_000);
        ListedThreads table = ListedThreads.of(listed, 0L);
        assertEquals(10_000, table.size());
        Set<Integer> slots = new HashSet<>();
        for (Thread thread : listed) {
            int slot = table.slotOf(thread);
            assertTrue(slot >= 0, thread.getName());
            assertSame(thread, table.thread(slot));
            slots.add(slot);
        }
        assertEquals(10_000, slots.size(), "distinct slots");
        for (Thread stranger : threads(1_000)) {
            assertEquals(-1, table.slotOf(stranger));
        }
        assertEquals(-1, ListedThreads.NONE.slotOf(listed.get(0)));
    }

    @Test
    void aThreadListedTwiceGetsOneSlot() {
        List<Thread> listed = threads(3);
        listed.add(listed.get(1));
        ListedThreads table = ListedThreads.of(listed, 0L);
        assertEquals(3, table.size());
        assertEquals(3, table.tracked());
    }

    @Test
    void droppedSlotsAreNotFoundAndTheThreadsProbingPastThemStillAre() {
        List<Thread> listed = threads(5_000);
        ListedThreads table = ListedThreads.of(listed, 0L);
        for (int i = 0; i < listed.size(); i += 2) {
            table.drop(table.slotOf(listed.get(i)));
        }
        for (int i = 0; i < listed.size(); i++) {
            int slot = table.slotOf(listed.get(i));
            if (i % 2 == 0) {
                assertEquals(-1, slot, "dropped " + i);
            } else {
                assertSame(listed.get(i), table.thread(slot));
            }
        }
        assertEquals(2_500, table.tracked());
    }

    @Test
    void everyWordStartsAtTheGivenWordAndSlotsAreIndependent() {
        List<Thread> listed = threads(100);
        ListedThreads table = ListedThreads.of(listed, 1L);
        for (int slot = 0; slot < table.size(); slot++) {
            assertEquals(1L, table.get(slot));
        }
        assertEquals(3L, table.addAndGet(7, 2L));
        assertTrue(table.compareAndSet(7, 3L, 4L));
        assertTrue(!table.compareAndSet(7, 3L, 5L), "expects the word it read");
        assertEquals(4L, table.get(7));
        assertEquals(1L, table.get(8));
    }
}
