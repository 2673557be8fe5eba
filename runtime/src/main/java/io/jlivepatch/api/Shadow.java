package io.jlivepatch.api;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Shadow variables (the kernel's {@code klp_shadow_*}): data attached to an existing object under a
 * numeric id, for fixes that need a field the class does not have. The JVM cannot add fields to a
 * loaded class, so a patch keeps the new "field" here, keyed by the object's identity and the id.
 *
 * <p><b>Semantics</b> (kernel {@code shadow-vars.rst}): the key {@code <obj, id>} is unique; many ids
 * may hang off one object and one id off many objects; ids are global, not per patch, so a later
 * cumulative patch sees its predecessor's variables. {@link #alloc} refuses a duplicate with a
 * warning and {@code null}; {@link #getOrAlloc} returns the existing variable silently; either
 * constructor runs at most once per variable, even when threads race, and the variable is visible to
 * {@link #get} from the moment the call returns it. {@link #free} and {@link #freeAll} run the
 * destructor for each variable they remove.
 *
 * <p><b>Better than the kernel:</b> keys are weak. When the object is collected its variables go
 * too (at the next call of any method here), so a patch that forgets to free them leaks nothing
 * but stale values until then. Keep the value from referring strongly to its object, or neither is
 * ever collected (as with {@link java.util.WeakHashMap}). Identity, not {@code equals}, tells
 * objects apart; do not shadow value-based objects (boxed numbers, strings, records used as values).
 *
 * <p><b>Cost.</b> {@link #get} hashes the identity and probes a {@link ConcurrentHashMap}: no lock,
 * no allocation once compiled, a few nanoseconds, several times a plain field read and about what an
 * uncontended synchronized {@code WeakHashMap} costs, without its lock (measured in
 * {@code benchmarks}' {@code ShadowBenchmark}; ratios in {@code docs/design.md} §7). Call it once
 * per operation, not in a tight loop. Each variable costs about 100 bytes besides its value.
 * Creating a variable locks nothing but the key being created; {@link #freeAll} scans every
 * variable.
 *
 * <p>A constructor runs while its key is being created: racing creators of that key wait for it, so
 * keep it short, and do not make it create the variable it constructs (that fails). A destructor
 * runs after its variable was removed, so it can do what it likes.
 *
 * <p>Thread-safety: every method is thread-safe. Warnings go to {@code System.Logger}
 * {@code io.jlivepatch}.
 */
public final class Shadow {

    private static final System.Logger LOG = System.getLogger("io.jlivepatch");

    /**
     * Every variable: weak {@link Key} -> its value, or a {@link Pending} while its constructor
     * runs. Lookups use a {@link Probe}.
     */
    private static final ConcurrentHashMap<Object, Object> VARIABLES = new ConcurrentHashMap<>();
    /** Keys whose object was collected; drained by every method. */
    private static final ReferenceQueue<Object> COLLECTED = new ReferenceQueue<>();

    private Shadow() {}

    /**
     * The variable {@code <obj, id>}, or {@code null} (the kernel's {@code klp_shadow_get}).
     *
     * @param <V> the variable's type; a wrong one fails with {@link ClassCastException} at the caller
     */
    @SuppressWarnings("unchecked")
    public static <V> V get(Object obj, long id) {
        expunge();
        Object value = VARIABLES.get(new Probe(obj, id));
        return value instanceof Pending ? null : (V) value;
    }

    /**
     * Creates the variable {@code <obj, id>} with {@code ctor} (the kernel's {@code klp_shadow_alloc}).
     *
     * @param ctor makes the value from the object; runs once. If it throws, nothing is created and
     *     the exception propagates; it must not return {@code null}
     * @return the new value, or {@code null} with a warning if {@code <obj, id>} already exists
     */
    public static <T, V> V alloc(T obj, long id, Function<? super T, ? extends V> ctor) {
        if (get(obj, id) != null) {
            duplicate(obj, id);
            return null;
        }
        return create(obj, id, ctor, true);
    }

    /**
     * The variable {@code <obj, id>}, created with {@code ctor} if it does not exist (the kernel's
     * {@code klp_shadow_get_or_alloc}); {@code ctor} runs at most once however many threads race.
     *
     * @param ctor as for {@link #alloc}
     */
    public static <T, V> V getOrAlloc(T obj, long id, Function<? super T, ? extends V> ctor) {
        V existing = get(obj, id);
        return existing != null ? existing : create(obj, id, ctor, false);
    }

    /**
     * Removes the variable {@code <obj, id>}, if any, then calls {@code dtor(obj, value)} (the
     * kernel's {@code klp_shadow_free}). Of racing frees, one destroys the variable.
     *
     * @param dtor {@code null}, or runs once the variable is out of reach of every other call
     */
    @SuppressWarnings("unchecked")
    public static <T, V> void free(T obj, long id, BiConsumer<? super T, ? super V> dtor) {
        expunge();
        Probe probe = new Probe(obj, id);
        while (true) {
            Object value = VARIABLES.get(probe);
            if (value == null) {
                return;
            }
            if (value instanceof Pending pending) {
                pending.await();
                continue;
            }
            if (removeExactly(probe, value)) {
                if (dtor != null) {
                    dtor.accept(obj, (V) value);
                }
                return;
            }
        }
    }

    /**
     * Removes every variable with {@code id}, calling {@code dtor(obj, value)} for each (the
     * kernel's {@code klp_shadow_free_all}), in no particular order. Variables still being
     * constructed are not live yet and stay.
     *
     * @param dtor {@code null}, or runs for each removed variable whose object is still there
     */
    @SuppressWarnings("unchecked")
    public static <V> void freeAll(long id, BiConsumer<Object, ? super V> dtor) {
        expunge();
        for (Map.Entry<Object, Object> entry : VARIABLES.entrySet()) {
            Key key = (Key) entry.getKey();
            Object value = entry.getValue();
            if (key.id != id || value instanceof Pending || !removeExactly(key, value)) {
                continue;
            }
            Object obj = key.get();
            if (obj != null && dtor != null) {
                dtor.accept(obj, (V) value);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static <T, V> V create(T obj, long id, Function<? super T, ? extends V> ctor, boolean refuseExisting) {
        Objects.requireNonNull(obj, "obj");
        Objects.requireNonNull(ctor, "ctor");
        Probe probe = new Probe(obj, id);
        Key key = null;
        while (true) {
            Object existing = VARIABLES.get(probe);
            if (existing instanceof Pending pending) {
                // Another thread constructs it: wait, then look again (it may have failed).
                pending.await();
                continue;
            }
            if (existing != null) {
                if (refuseExisting) {
                    duplicate(obj, id);
                    return null;
                }
                return (V) existing;
            }
            if (key == null) {
                key = new Key(obj, id);
            }
            Pending mine = new Pending();
            // Held from before it is published until the value replaces it, so that a thread that
            // finds it waits exactly for this construction.
            synchronized (mine) {
                if (VARIABLES.putIfAbsent(key, mine) != null) {
                    continue;
                }
                V made;
                try {
                    made = ctor.apply(obj);
                    if (made == null) {
                        throw new NullPointerException("the constructor of shadow variable " + describe(obj, id)
                                + " returned null");
                    }
                } catch (RuntimeException | Error e) {
                    VARIABLES.remove(key, mine);
                    throw e;
                }
                VARIABLES.replace(key, mine, made);
                return made;
            }
        }
    }

    /** Removes the mapping of {@code key} if it is still {@code value} itself (never {@code equals}: values are the patch's objects). */
    private static boolean removeExactly(Object key, Object value) {
        boolean[] removed = new boolean[1];
        VARIABLES.computeIfPresent(key, (k, current) -> {
            if (current == value) {
                removed[0] = true;
                return null;
            }
            return current;
        });
        return removed[0];
    }

    private static void duplicate(Object obj, long id) {
        // The kernel WARNs, with a backtrace: the stack shows which patch code allocated twice.
        LOG.log(System.Logger.Level.WARNING, "jlivepatch: Duplicate shadow variable " + describe(obj, id),
                new IllegalStateException("duplicate shadow variable allocated here"));
    }

    /** {@code <class@identity, id>}: never the object's own {@code toString}, which is patchable code. */
    private static String describe(Object obj, long id) {
        return "<" + obj.getClass().getName() + "@" + Integer.toHexString(System.identityHashCode(obj)) + ", "
                + Long.toHexString(id) + ">";
    }

    /** Drops the variables of collected objects: a cleared key equals only itself. */
    private static void expunge() {
        Reference<?> collected;
        while ((collected = COLLECTED.poll()) != null) {
            VARIABLES.remove(collected);
        }
    }

    private static int hash(Object obj, long id) {
        return System.identityHashCode(obj) * 31 + Long.hashCode(id);
    }

    /**
     * The placeholder of a variable whose constructor runs; its monitor is held by the constructing
     * thread for exactly that long.
     */
    private static final class Pending {
        /** Returns once the construction is over, one way or the other. */
        void await() {
            if (Thread.holdsLock(this)) {
                throw new IllegalStateException("a shadow variable's constructor asked for the variable it constructs");
            }
            synchronized (this) {
                // nothing: entering means the constructor returned or threw
            }
        }
    }

    /** The stored key: weak on the object, so the variable does not keep it alive. */
    private static final class Key extends WeakReference<Object> {
        final long id;
        private final int hash;

        Key(Object obj, long id) {
            super(obj, COLLECTED);
            this.id = id;
            this.hash = hash(obj, id);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object other) {
            if (other == this) {
                return true;
            }
            // A cleared key equals only itself, so that expunging removes exactly its own entry.
            Object obj = get();
            if (obj == null) {
                return false;
            }
            if (other instanceof Key key) {
                return key.id == id && key.get() == obj;
            }
            return other instanceof Probe probe && probe.id == id && probe.obj == obj;
        }
    }

    /** A lookup key: strong, short-lived (the JIT removes it); compared with stored keys by the referent's identity. */
    private static final class Probe {
        final Object obj;
        final long id;
        private final int hash;

        Probe(Object obj, long id) {
            this.obj = Objects.requireNonNull(obj, "obj");
            this.id = id;
            this.hash = hash(obj, id);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object other) {
            if (other instanceof Key key) {
                return key.id == id && key.get() == obj;
            }
            return other instanceof Probe probe && probe.id == id && probe.obj == obj;
        }
    }
}
