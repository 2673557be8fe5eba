package io.jlivepatch.core.weave;

import java.util.Map;

/**
 * A class loader that defines the given classes from the given bytes, child-first, and delegates
 * everything else to the test class loader. A fresh loader per test gives fresh, unlinked
 * invokedynamic call sites.
 */
final class WovenLoader extends ClassLoader {

    static {
        registerAsParallelCapable();
    }

    /** Class file bytes by binary name. */
    private final Map<String, byte[]> own;

    WovenLoader(Map<String, byte[]> own) {
        super("woven", WovenLoader.class.getClassLoader());
        this.own = Map.copyOf(own);
    }

    /** Loads and initialises {@code name}, so the JVM links and verifies it (stack map frames included) now. */
    Class<?> initialise(String name) throws ClassNotFoundException {
        return Class.forName(name, true, this);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        byte[] bytes = own.get(name);
        if (bytes == null) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> loaded = findLoadedClass(name);
            if (loaded == null) {
                loaded = defineClass(name, bytes, 0, bytes.length);
            }
            if (resolve) {
                resolveClass(loaded);
            }
            return loaded;
        }
    }
}
