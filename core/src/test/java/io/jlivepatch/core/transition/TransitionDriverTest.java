package io.jlivepatch.core.transition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jlivepatch.core.event.Messages;
import io.jlivepatch.core.funcstack.FakeDispatchTable;
import io.jlivepatch.core.funcstack.FuncStacks;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;

/** The driver's scheduled retries on their own, where the registry's facade cannot reach. */
class TransitionDriverTest {

    /**
     * The registry's publication after a retry's pass throws: the registry lock is released all
     * the same (a lock left held would block every later command and class load).
     */
    @Test
    void aRetryWhosePublicationThrowsStillReleasesTheRegistryLock() {
        Fixture fx = new Fixture();
        Thread worker = fx.threads.thread("worker");
        fx.threads.setFrames(worker, List.of(FakeDispatchTable.frame(Fixture.F)));
        FakeScheduler scheduler = new FakeScheduler();
        ReentrantLock lock = new ReentrantLock();
        TransitionDriver driver = new TransitionDriver(fx.threads, scheduler, fx.table, new Messages((level, text) -> { }),
                lock, () -> {
                    throw new IllegalStateException("test: publication failed");
                });
        driver.bind(finished -> { });
        lock.lock();
        try {
            driver.start(Fixture.P, PatchState.PATCHED, Set.copyOf(Fixture.METHODS), new FuncStacks());
        } finally {
            lock.unlock();
        }
        assertEquals(1, scheduler.pending(), "blocked by the worker in f");

        assertThrows(IllegalStateException.class, scheduler::runPending);

        assertFalse(lock.isLocked(), "the registry lock after a publication that threw");
        assertEquals(1, scheduler.pending(), "the pass itself scheduled the next one");
    }
}
