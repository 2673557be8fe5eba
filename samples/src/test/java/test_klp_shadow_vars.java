import io.jlivepatch.api.Shadow;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The kernel's {@code test_klp_shadow_vars} module, ported to {@link Shadow}: its {@link #init}
 * (module_init) exercises the API in six passes and prints what it does, with objects shown as
 * stable {@code PTRn} ids, exactly as the kernel module prints it.
 *
 * <p>Mapping: a kernel shadow variable is a buffer holding one pointer; here it is a {@link Ref}
 * holding one reference ({@code sv} is the Ref, {@code *sv} what it refers to). The kernel passes
 * {@code ctor_data} to the constructor; a Java constructor takes only the object, so the one
 * constructor reads it from {@link #ctorData} (a capturing lambda per call would be a new "ctor
 * pointer" each time). {@code size} and {@code gfp_flags} do not exist in Java; the lines keep the
 * kernel's values so that the expected text is the kernel's.
 */
public final class test_klp_shadow_vars {

    private static final String PREFIX = "test_klp_shadow_vars: ";
    private static final int NUM_OBJS = 3;
    private static final long SV_ID1 = 0x1234;
    private static final long SV_ID2 = 0x1235;

    /** A shadow variable's value: one reference, as the kernel's {@code int **}. */
    static final class Ref {
        final Object target;

        Ref(Object target) {
            this.target = target;
        }
    }

    private static final Map<Object, Integer> IDS = new IdentityHashMap<>();
    private static int count;
    private static Object ctorData;

    private static final Function<Object, Ref> SHADOW_CTOR = obj -> {
        Ref sv = new Ref(ctorData);
        print("shadow_ctor: PTR" + ptrId(sv) + " -> PTR" + ptrId(ctorData));
        return sv;
    };

    private static final BiConsumer<Object, Ref> SHADOW_DTOR = (obj, sv) ->
            print("shadow_dtor(obj=PTR" + ptrId(obj) + ", shadow_data=PTR" + ptrId(sv) + ")");

    private test_klp_shadow_vars() {}

    private static void print(String line) {
        System.out.println(PREFIX + line);
    }

    private static int ptrId(Object ptr) {
        Integer id = IDS.get(ptr);
        if (id == null) {
            id = count++;
            IDS.put(ptr, id);
        }
        return id;
    }

    private static String hex(long id) {
        return "0x" + Long.toHexString(id);
    }

    private static Ref shadowGet(Object obj, long id) {
        Ref sv = Shadow.get(obj, id);
        print("klp_shadow_get(obj=PTR" + ptrId(obj) + ", id=" + hex(id) + ") = PTR" + ptrId(sv));
        return sv;
    }

    private static Ref shadowAlloc(Object obj, long id, Object data) {
        ctorData = data;
        Ref sv = Shadow.alloc(obj, id, SHADOW_CTOR);
        print("klp_shadow_alloc(obj=PTR" + ptrId(obj) + ", id=" + hex(id) + ", size=8, gfp_flags=GFP_KERNEL), ctor=PTR"
                + ptrId(SHADOW_CTOR) + ", ctor_data=PTR" + ptrId(data) + " = PTR" + ptrId(sv));
        return sv;
    }

    private static Ref shadowGetOrAlloc(Object obj, long id, Object data) {
        ctorData = data;
        Ref sv = Shadow.getOrAlloc(obj, id, SHADOW_CTOR);
        print("klp_shadow_get_or_alloc(obj=PTR" + ptrId(obj) + ", id=" + hex(id)
                + ", size=8, gfp_flags=GFP_KERNEL), ctor=PTR" + ptrId(SHADOW_CTOR) + ", ctor_data=PTR" + ptrId(data)
                + " = PTR" + ptrId(sv));
        return sv;
    }

    private static void shadowFree(Object obj, long id, BiConsumer<Object, Ref> dtor) {
        Shadow.free(obj, id, dtor);
        print("klp_shadow_free(obj=PTR" + ptrId(obj) + ", id=" + hex(id) + ", dtor=PTR" + ptrId(dtor) + ")");
    }

    private static void shadowFreeAll(long id, BiConsumer<Object, Ref> dtor) {
        Shadow.freeAll(id, dtor);
        print("klp_shadow_free_all(id=" + hex(id) + ", dtor=PTR" + ptrId(dtor) + ")");
    }

    private static void expected(Ref sv) {
        print("  got expected PTR" + ptrId(sv) + " -> PTR" + ptrId(sv.target) + " result");
    }

    public static void init() {
        Object[] objs = new Object[NUM_OBJS];
        Object[] pnfields1 = new Object[NUM_OBJS];
        Object[] pnfields2 = new Object[NUM_OBJS];
        Ref[] sv1 = new Ref[NUM_OBJS];
        Ref[] sv2 = new Ref[NUM_OBJS];
        for (int i = 0; i < NUM_OBJS; i++) {
            objs[i] = new Object();
            pnfields1[i] = new Object();
            pnfields2[i] = new Object();
        }
        ptrId(null);

        // With an empty shadow variable table, expect not to find any matches.
        if (shadowGet(objs[0], SV_ID1) == null) {
            print("  got expected NULL result");
        }

        // pass 1: init & alloc a char+int pair of svars for each objs
        for (int i = 0; i < NUM_OBJS; i++) {
            ptrId(pnfields1[i]);
            sv1[i] = i % 2 == 1 ? shadowAlloc(objs[i], SV_ID1, pnfields1[i])
                    : shadowGetOrAlloc(objs[i], SV_ID1, pnfields1[i]);
            ptrId(pnfields2[i]);
            sv2[i] = shadowAlloc(objs[i], SV_ID2, pnfields2[i]);
        }

        // pass 2: verify we find allocated svars and where they point to
        for (int i = 0; i < NUM_OBJS; i++) {
            Ref sv = shadowGet(objs[i], SV_ID1);
            if (sv == sv1[i] && sv1[i].target == pnfields1[i]) {
                expected(sv1[i]);
            }
            sv = shadowGet(objs[i], SV_ID2);
            if (sv == sv2[i] && sv2[i].target == pnfields2[i]) {
                expected(sv2[i]);
            }
        }

        // pass 3: verify that 'get_or_alloc' returns already allocated svars
        for (int i = 0; i < NUM_OBJS; i++) {
            Object pndup = pnfields1[i]; // &nfields1[i] again: the same pointer
            ptrId(pndup);
            Ref sv = shadowGetOrAlloc(objs[i], SV_ID1, pndup);
            if (sv == sv1[i] && sv1[i].target == pnfields1[i]) {
                expected(sv1[i]);
            }
        }

        // pass 4: free <objs[*], SV_ID1> pairs of svars, verify removal
        for (int i = 0; i < NUM_OBJS; i++) {
            shadowFree(objs[i], SV_ID1, SHADOW_DTOR);
            if (shadowGet(objs[i], SV_ID1) == null) {
                print("  got expected NULL result");
            }
        }

        // pass 5: check we still find <objs[*], SV_ID2> svar pairs
        for (int i = 0; i < NUM_OBJS; i++) {
            Ref sv = shadowGet(objs[i], SV_ID2);
            if (sv == sv2[i] && sv2[i].target == pnfields2[i]) {
                expected(sv2[i]);
            }
        }

        // pass 6: free all the <objs[*], SV_ID2> svar pairs too
        shadowFreeAll(SV_ID2, null);
        for (int i = 0; i < NUM_OBJS; i++) {
            if (shadowGet(objs[i], SV_ID2) == null) {
                print("  got expected NULL result");
            }
        }
        IDS.clear();
    }

    public static void exit() {
        // nothing to do, as the kernel module
    }
}
