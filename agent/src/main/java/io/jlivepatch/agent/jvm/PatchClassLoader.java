package io.jlivepatch.agent.jvm;

import io.jlivepatch.core.model.Patch;
import io.jlivepatch.core.model.PatchFunc;
import io.jlivepatch.core.model.PatchObject;
import java.util.HashSet;
import java.util.Set;

/**
 * The class loader of one patch for one target class loader (architecture §2): it defines the
 * patch's callbacks and helper classes, and delegates everything else to the target's loader, so
 * patch code sees the application's types as the target class sees them.
 *
 * <p>The patch's own classes come first (child-first): the jar is what was enabled, even if the
 * application happens to carry a class of the same name. Replacement classes are never defined
 * here: they live as hidden nestmates of their target, and a second, ordinary copy would have its
 * own static fields; patch code that names one fails with a {@link ClassNotFoundException} that
 * says so.
 *
 * <p>Thread-safety: parallel capable; the JDK's per-name locks guard each definition.
 */
final class PatchClassLoader extends ClassLoader {

    static {
        registerAsParallelCapable();
    }

    private final Patch patch;
    private final Set<String> replacements = new HashSet<>();

    /**
     * @param parent the target copy's loader, {@code null} for the bootstrap loader
     */
    PatchClassLoader(Patch patch, ClassLoader parent) {
        super("jlivepatch:" + patch.name(), parent);
        this.patch = patch;
        for (PatchObject object : patch.objects()) {
            for (PatchFunc func : object.funcs()) {
                if (!func.isNop()) {
                    replacements.add(func.replacement().className());
                }
            }
        }
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!patch.classes().containsKey(name)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> loaded = findLoadedClass(name);
            if (loaded == null) {
                loaded = findClass(name);
            }
            if (resolve) {
                resolveClass(loaded);
            }
            return loaded;
        }
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        if (replacements.contains(name)) {
            throw new ClassNotFoundException(name + " is replacement code of patch '" + patch.name()
                    + "', defined as a hidden nestmate of its target; callbacks cannot use it (share state"
                    + " through io.jlivepatch.api.Shadow or SystemState data instead)");
        }
        byte[] bytes = patch.classBytes(name);
        if (bytes == null) {
            throw new ClassNotFoundException(name);
        }
        return defineClass(name, bytes, 0, bytes.length);
    }
}
