package io.jlivepatch.benchmarks.transition;

import io.jlivepatch.api.Replace;
import io.jlivepatch.api.TargetClass;
import java.util.concurrent.CountDownLatch;

/**
 * Patch code for {@link Hot}: {@code compute} becomes the dispatch benchmarks' computation;
 * {@code hold} is patched (with the same behaviour) only so that a thread inside the original
 * blocks the transition.
 *
 * <p>Stateless and thread-safe.
 */
@TargetClass("io.jlivepatch.benchmarks.transition.Hot")
public final class HotFix {

    private HotFix() {}

    @Replace
    static int compute(Hot self, int x) {
        int h = x * self.salt;
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        return h;
    }

    /** The original's behaviour, copied: calling {@code Hot.hold} here would re-enter this redirect. */
    @Replace(isStatic = true)
    static void hold(CountDownLatch entered, CountDownLatch release) {
        entered.countDown();
        boolean interrupted = false;
        while (true) {
            try {
                release.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
