package io.jlivepatch.samples.targets;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A target class whose method a thread can be kept inside, to hold a transition: {@code hold()}
 * waits in {@link #waitForRelease()} until {@link #release()}. Its patch ({@code HoldFix}) calls
 * the same wait, so a thread can be held inside the patched version too.
 */
public class Holder {

    private static volatile CountDownLatch release = new CountDownLatch(1);
    private static volatile CountDownLatch inside = new CountDownLatch(1);

    public static String hold() {
        return "original:" + waitForRelease();
    }

    /** Signals that a thread is inside, then waits (at most a minute) for {@link #release()}. */
    public static String waitForRelease() {
        inside.countDown();
        try {
            return release.await(60, TimeUnit.SECONDS) ? "released" : "timed out";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** Waits until a thread is inside {@link #waitForRelease()}. */
    static boolean awaitInside() throws InterruptedException {
        return inside.await(10, TimeUnit.SECONDS);
    }

    /** Lets the held thread go, and re-arms for the next hold. */
    static void release() {
        CountDownLatch old = release;
        release = new CountDownLatch(1);
        inside = new CountDownLatch(1);
        old.countDown();
    }
}
