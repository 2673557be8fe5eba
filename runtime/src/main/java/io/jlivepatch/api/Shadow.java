package io.jlivepatch.api;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
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
 * <p><b>Cost.</b> {@link #get} hashes the identity, probes a {@link ConcurrentHashMap} (no lock, no
 * allocation once compiled) and reads a volatile: a few nanoseconds, several times a plain field
 * read (see {@code docs/performance.md} for the measured ratios); call it once per operation, not in
 * a tight loop. Each variable costs about 100 bytes. Creating and freeing take the variable's own
 * monitor, so contention is per key. {@link #freeAll} scans every variable.
 *
 * <p>Constructors and destructors run while holding the variable's monitor (the kernel runs them
 * under its spinlock): keep them short, and do not make them use the variable they construct.
 *
 * <p>Thread-safety: every method is thread-safe. Warnings go to {@code System.Logger}
 * {@code io.jlivepatch}.
 */
public final class Shadow {

    private static final System.Logger LOG = System.getLogger("io.jlivepatch");

    /** Every variable, by weak key. Values are {@link Variable}s; lookups use a {@link Probe}. */
    private static final ConcurrentHashMap<Object, Variable> VARIABLES = new ConcurrentHashMap<>();
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
        Variable variable = VARIABLES.get(new Probe(obj, id));
        return variable == null ? null : (V) variable.value;
    }

    /**
     * Creates the variable {@code <obj, id>} with {@code ctor} (the kernel's {@code klp_shadow_alloc}).
     *
     * @param ctor makes the value from the object; runs once, under the variable's monitor. If it
     *     throws, nothing is created and the exception propagates; it must not return {@code null}
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
     * Removes the variable {@code <obj, id>}, if any, calling {@code dtor(obj, value)} first (the
     * kernel's {@code klp_shadow_free}).
     *
     * @param dtor {@code null}, or runs under the variable's monitor
     */
    @SuppressWarnings("unchecked")
    public static <T, V> void free(T obj, long id, BiConsumer<? super T, ? super V> dtor) {
        expunge();
        Variable variable = VARIABLES.get(new Probe(obj, id));
        if (variable != null) {
            synchronized (variable) {
                Object value = variable.remove();
                if (value != null && dtor != null) {
                    dtor.accept(obj, (V) value);
                }
            }
        }
    }

    /**
     * Removes every variable with {@code id}, calling {@code dtor(obj, value)} for each (the
     * kernel's {@code klp_shadow_free_all}), in no particular order.
     *
     * @param dtor {@code null}, or runs under each variable's monitor
     */
    @SuppressWarnings("unchecked")
    public static <V> void freeAll(long id, BiConsumer<Object, ? super V> dtor) {
        expunge();
        for (Variable variable : VARIABLES.values()) {
            if (variable.key.id != id) {
                continue;
            }
            synchronized (variable) {
                Object obj = variable.key.get();
                Object value = variable.remove();
                if (obj != null && value != null && dtor != null) {
                    dtor.accept(obj, (V) value);
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static <T, V> V create(T obj, long id, Function<? super T, ? extends V> ctor, boolean refuseExisting) {
        Objects.requireNonNull(obj, "obj");
        Objects.requireNonNull(ctor, "ctor");
        Key key = null;
        while (true) {
            Variable variable = VARIABLES.get(new Probe(obj, id));
            if (variable == null) {
                if (key == null) {
                    key = new Key(obj, id);
                }
                Variable fresh = new Variable(key);
                variable = VARIABLES.putIfAbsent(key, fresh);
                if (variable == null) {
                    variable = fresh;
                }
            }
            // Whoever holds the monitor first constructs; the others wait here and then see the
            // value (or, if the constructor failed or the variable was freed, start over).
            synchronized (variable) {
                if (variable.gone) {
                    continue;
                }
                Object existing = variable.value;
                if (existing != null) {
                    if (refuseExisting) {
                        duplicate(obj, id);
                        return null;
                    }
                    return (V) existing;
                }
                V made;
                try {
                    made = ctor.apply(obj);
                } catch (RuntimeException | Error e) {
                    variable.remove();
                    throw e;
                }
                if (made == null) {
                    variable.remove();
                    throw new NullPointerException("the constructor of shadow variable " + describe(obj, id)
                            + " returned null");
                }
                variable.value = made;
                return made;
            }
        }
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

    /** Drops the variables of collected objects. */
    private static void expunge() {
        Reference<?> collected;
        while ((collected = COLLECTED.poll()) != null) {
            Key key = (Key) collected;
            Variable variable = VARIABLES.remove(key);
            if (variable != null) {
                synchronized (variable) {
                    variable.remove();
                }
            }
        }
    }

    private static int hash(Object obj, long id) {
        return System.identityHashCode(obj) * 31 + Long.hashCode(id);
    }

    /**
     * One variable. {@code value} is {@code null} until its constructor returned; {@code gone} once
     * it was freed or its constructor failed, after which it is out of the map for good.
     */
    private static final class Variable {
        final Key key;
        /** Written under the monitor, read lock-free by {@link #get}. */
        volatile Object value;
        /** Guarded by the monitor. */
        boolean gone;

        Variable(Key key) {
            this.key = key;
        }

        /** Takes the variable out of the map; returns its value, or {@code null} if it had none. Under the monitor. */
        Object remove() {
            Object old = value;
            value = null;
            gone = true;
            VARIABLES.remove(key, this);
            return old;
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

    /** A lookup key: strong, short-lived; compared with stored keys by the referent's identity. */
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
