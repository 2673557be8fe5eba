package io.jlivepatch.samples.shadow;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A leaky service, the kernel's {@code samples/livepatch/livepatch-shadow-mod.c} in Java: every
 * allocation period it creates a {@link Dummy} that expires after a while; every cleanup period it
 * frees the expired ones. Each dummy opens a {@link Leak} (a resource that must be closed) and
 * forgets it, so the open leaks pile up forever. The fix needs a field {@code Dummy} does not have,
 * which the JVM cannot add to a loaded class: see the shadow variable patch
 * {@code io.jlivepatch.samples.patches.shadowfix1}.
 *
 * <p>Imports nothing from jlivepatch. Its members are public only so that hand-written patch source
 * compiles against them (at run time replacement code is a nestmate and could use private ones).
 *
 * <pre>
 *   java -cp samples/target/classes io.jlivepatch.samples.shadow.DummyService [allocPeriodMillis]
 * </pre>
 *
 * <p>Thread-safety: one thread runs the loop; the leak registry is concurrent.
 */
public final class DummyService {

    /** Where the leaks go: opened, never closed. */
    private static final Set<Leak> OPEN = ConcurrentHashMap.newKeySet();
    private static final long START = System.nanoTime();
    private static long allocPeriod = 1000;

    private DummyService() {}

    /** One allocation, as the kernel's {@code struct dummy}. */
    public static final class Dummy {
        /** When it expires, in milliseconds since the service started (the kernel's jiffies_expire). */
        public final long expires;

        public Dummy(long expires) {
            this.expires = expires;
        }
    }

    /** A resource that must be closed: the kernel sample's leaked {@code kzalloc}. */
    public static final class Leak {
        private Leak() {}
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length > 0) {
            allocPeriod = Long.parseLong(args[0]);
        }
        long cleanupPeriod = 3 * allocPeriod;
        long expirePeriod = 4 * cleanupPeriod;
        List<Dummy> dummies = new ArrayList<>();
        for (long tick = 1; ; tick++) {
            Thread.sleep(allocPeriod);
            dummies.add(dummyAlloc(expirePeriod));
            if (tick % 3 == 0) {
                long now = now();
                for (Iterator<Dummy> it = dummies.iterator(); it.hasNext(); ) {
                    Dummy d = it.next();
                    if (dummyCheck(d, now)) {
                        it.remove();
                        dummyFree(d);
                    }
                }
                print("livepatch_shadow_mod: cleanup: " + OPEN.size() + " leaks open");
            }
        }
    }

    static Dummy dummyAlloc(long expirePeriod) {
        Dummy d = new Dummy(now() + expirePeriod);
        // Oops, forgot to save leak!
        openLeak();
        print("livepatch_shadow_mod: dummy_alloc: dummy @ " + id(d) + ", expires @ " + d.expires);
        return d;
    }

    static void dummyFree(Dummy d) {
        print("livepatch_shadow_mod: dummy_free: dummy @ " + id(d) + ", expired = " + d.expires);
    }

    static boolean dummyCheck(Dummy d, long now) {
        return now > d.expires;
    }

    /** Milliseconds since the service started. */
    public static long now() {
        return (System.nanoTime() - START) / 1_000_000;
    }

    public static Leak openLeak() {
        Leak leak = new Leak();
        OPEN.add(leak);
        return leak;
    }

    public static void closeLeak(Leak leak) {
        OPEN.remove(leak);
    }

    /** An object's identity, as the kernel prints pointers. */
    public static String id(Object o) {
        return Integer.toHexString(System.identityHashCode(o));
    }

    public static void print(String line) {
        System.out.println(line);
    }
}
