package io.jlivepatch.core.registry;

import io.jlivepatch.core.event.LivepatchListener;
import io.jlivepatch.core.model.Patch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A {@link CallbackRunner} that writes each callback into the engine's transcript, the way the
 * kernel's test modules print them ({@code <patch>: pre_patch_callback: vmlinux} or
 * {@code <patch>: pre_patch_callback: <class>@<loader> -> <STATE>}), so that one list shows messages
 * and callbacks in order. Copies are "loaded" by the test; pre-patch can be made to refuse; hooks
 * run inside callbacks.
 */
final class FakeCallbackRunner implements CallbackRunner {

    /** The class that stands for vmlinux: its lines say "vmlinux", as the kernel's. */
    static final String VMLINUX = "vmlinux";

    private final LivepatchListener transcript;
    private final Map<String, List<Object>> loaded = new LinkedHashMap<>();
    private final Map<Object, String> loaderNames = new HashMap<>();
    private final Set<String> refusing = new HashSet<>();
    private final Set<String> throwing = new HashSet<>();
    private final List<String> released = new ArrayList<>();
    private Consumer<CallbackContext> hook = c -> { };

    FakeCallbackRunner(LivepatchListener transcript) {
        this.transcript = transcript;
    }

    /** A named loader token (what the agent passes as a ClassLoader). */
    Object loader(String name) {
        Object loader = new Object() {
            @Override
            public String toString() {
                return name;
            }
        };
        loaderNames.put(loader, name);
        return loader;
    }

    /** A copy of {@code className} is loaded in {@code loader}: enable enumerates it. */
    void load(String className, Object loader) {
        loaded.computeIfAbsent(className, k -> new ArrayList<>()).add(loader);
    }

    void unload(String className, Object loader) {
        loaded.getOrDefault(className, new ArrayList<>()).remove(loader);
    }

    /** From now on, {@code patch}'s pre-patch of {@code className} refuses (the kernel's pre_patch_ret). */
    void refuse(String patch, String className) {
        refusing.add(patch + "/" + className);
    }

    void accept(String patch, String className) {
        refusing.remove(patch + "/" + className);
    }

    /** Every callback of {@code patch} other than pre-patch throws. */
    void throwFromOthers(String patch) {
        throwing.add(patch);
    }

    /** Runs inside every callback, after its line is written. */
    void onRun(Consumer<CallbackContext> newHook) {
        this.hook = newHook;
    }

    /** Every release, as "patch" or "patch/class@loader". */
    List<String> released() {
        return List.copyOf(released);
    }

    /** How many times the engine looked at the loaded classes. */
    int looks;

    @Override
    public Map<String, List<Object>> loaders(io.jlivepatch.core.funcstack.LoadedCopies copies, Set<String> classNames) {
        looks++;
        Map<String, List<Object>> found = new HashMap<>();
        for (String className : classNames) {
            found.put(className, List.copyOf(loaded.getOrDefault(className, List.of())));
        }
        return found;
    }

    @Override
    public void run(Callback callback, CallbackContext context) throws Exception {
        String patch = context.patch().name();
        String className = context.object().className();
        String name = callback.name().toLowerCase(java.util.Locale.ROOT) + "_callback";
        String object = className.equals(VMLINUX) ? VMLINUX
                : className + "@" + context.loader() + " -> " + context.loadState();
        transcript.message(LivepatchListener.Level.NOTICE, patch + ": " + name + ": " + object);
        hook.accept(context);
        if (callback == Callback.PRE_PATCH && refusing.contains(patch + "/" + className)) {
            throw new IllegalStateException("No such device");
        }
        if (callback != Callback.PRE_PATCH && throwing.contains(patch)) {
            throw new IllegalStateException("callback bug");
        }
    }

    @Override
    public void release(Patch patch, Object loader, String className) {
        released.add(patch.name() + "/" + className + "@" + loader);
    }

    @Override
    public void release(Patch patch) {
        released.add(patch.name());
    }
}
