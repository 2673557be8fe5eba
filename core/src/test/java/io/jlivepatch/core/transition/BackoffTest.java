package io.jlivepatch.core.transition;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The packed backoff against its definition (three plain counters, as {@code ThreadEntry} kept them
 * before the snapshot moved into arrays), over long random runs of walks and skips.
 */
class BackoffTest {

    /** The definition: streak, skip and backoff as separate ints. */
    private static final class Reference {
        int streak;
        int skip;
        int backoff;

        boolean skipsWalk() {
            if (skip > 0) {
                skip--;
                return true;
            }
            return false;
        }

        void foundNested() {
            if (++streak > Backoff.FREE_NESTED_WALKS) {
                backoff = Math.min(Math.max(1, backoff * 2), Backoff.MAX_SKIP);
                skip = backoff;
            }
        }

        void foundUnnested() {
            streak = 0;
            backoff = 0;
        }
    }

    @Test
    void packedStateSkipsExactlyTheWalksTheDefinitionSkips() {
        Random random = new Random(42);
        for (int run = 0; run < 200; run++) {
            Reference reference = new Reference();
            int packed = Backoff.NONE;
            double nestedShare = random.nextDouble();
            for (int visit = 0; visit < 20_000; visit++) {
                boolean skips = Backoff.skipsWalk(packed);
                assertEquals(reference.skipsWalk(), skips, "run " + run + " visit " + visit);
                if (skips) {
                    packed = Backoff.afterSkip(packed);
                } else if (random.nextDouble() < nestedShare) {
                    reference.foundNested();
                    packed = Backoff.foundNested(packed);
                } else {
                    reference.foundUnnested();
                    packed = Backoff.foundUnnested(packed);
                }
                assertEquals(reference.skip, Backoff.skip(packed));
                assertEquals(reference.backoff, Backoff.backoff(packed));
            }
        }
    }

    @Test
    void aLongNestedStreakBacksOffUpToTheMaximum() {
        int packed = Backoff.NONE;
        for (int i = 0; i < 100_000; i++) {
            packed = Backoff.skipsWalk(packed) ? Backoff.afterSkip(packed) : Backoff.foundNested(packed);
        }
        assertEquals(Backoff.MAX_SKIP, Backoff.backoff(packed));
    }
}
