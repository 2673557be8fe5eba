/**
 * The kernel's {@code test_klp_callbacks_mod}, a plain target module: the selftest console loads it
 * in a class loader of its own (insmod), calls {@link #init} (module_init), and for rmmod calls
 * {@link #exit}, announces the loader going and drops it.
 */
public final class test_klp_callbacks_mod {

    private test_klp_callbacks_mod() {}

    public static void init() {
        System.out.println("test_klp_callbacks_mod: test_klp_callbacks_mod_init");
    }

    public static void exit() {
        System.out.println("test_klp_callbacks_mod: test_klp_callbacks_mod_exit");
    }
}
