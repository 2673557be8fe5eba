package io.jlivepatch.samples.targets;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;

/**
 * Weak references to replacement classes (hidden classes the agent defined), for
 * {@link TransitionCommands}' {@code probe keep|gc}.
 *
 * <p>Thread-safety: synchronized.
 */
final class ClassProbes {

    private static final List<WeakReference<Class<?>>> kept = new ArrayList<>();
    private static final List<String> names = new ArrayList<>();

    private ClassProbes() {}

    static synchronized String keep() {
        Object who = Probe.who();
        if (!(who instanceof Class<?> c)) {
            return "who = " + who;
        }
        String name = shortName(c);
        kept.add(new WeakReference<>(c));
        names.add(name);
        return "kept " + name + (c.isHidden() ? " (hidden)" : "");
    }

    static synchronized String gc() throws InterruptedException {
        // Up to 10 full collections, stopping once every kept class is gone.
        for (int i = 0; i < 10 && kept.stream().anyMatch(r -> r.get() != null); i++) {
            System.gc();
            Thread.sleep(50);
        }
        List<String> alive = new ArrayList<>();
        List<String> collected = new ArrayList<>();
        for (int i = 0; i < kept.size(); i++) {
            (kept.get(i).get() == null ? collected : alive).add(names.get(i));
        }
        return "collected=" + collected + " alive=" + alive;
    }

    private static String shortName(Class<?> c) {
        String name = c.getName();
        int slash = name.indexOf('/');
        name = slash < 0 ? name : name.substring(0, slash);
        return name.substring(name.lastIndexOf('.') + 1);
    }
}
