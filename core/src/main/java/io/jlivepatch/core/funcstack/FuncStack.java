package io.jlivepatch.core.funcstack;

import io.jlivepatch.core.model.Patch;
import io.jlivepatch.core.model.PatchFunc;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The versions of one method (the kernel's {@code klp_ops.func_stack}): enabling a patch pushes its
 * func on top, the top wins, a nop on top means the original body, and any entry can be removed
 * whatever its position (kernel 5.1+).
 *
 * <p>Not thread-safe: only the registry touches it, under its lock. Calls never read it; they read
 * the {@link Route} the registry publishes.
 */
public final class FuncStack {

    private final MethodKey method;
    /** Index 0 is the bottom (oldest); the last element is the top (newest). */
    private final List<StackedFunc> entries = new ArrayList<>();

    FuncStack(MethodKey method) {
        this.method = method;
    }

    public MethodKey method() {
        return method;
    }

    /** Pushes {@code func} of {@code patch} on top. */
    void push(Patch patch, PatchFunc func) {
        if (indexOf(patch) >= 0) {
            throw new IllegalStateException(patch + " is already on the func stack of " + method);
        }
        entries.add(new StackedFunc(patch, func));
    }

    /** Removes {@code patch}'s entry wherever it is; returns whether there was one. */
    boolean remove(Patch patch) {
        int i = indexOf(patch);
        if (i < 0) {
            return false;
        }
        entries.remove(i);
        return true;
    }

    /** The newest entry, or {@code null} when empty. */
    public StackedFunc top() {
        return entries.isEmpty() ? null : entries.get(entries.size() - 1);
    }

    /** The entry of {@code patch}, or {@code null}. */
    public StackedFunc entryOf(Patch patch) {
        int i = indexOf(patch);
        return i < 0 ? null : entries.get(i);
    }

    /** The entry right below {@code patch}'s entry, or {@code null} when it is the bottom or absent. */
    public StackedFunc below(Patch patch) {
        int i = indexOf(patch);
        return i <= 0 ? null : entries.get(i - 1);
    }

    /** The version the top selects: {@link Version#ORIGINAL} when empty or a nop is on top. */
    public Version topVersion() {
        StackedFunc top = top();
        return top == null ? Version.ORIGINAL : top.version();
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The entries, bottom first. */
    public List<StackedFunc> entries() {
        return Collections.unmodifiableList(entries);
    }

    private int indexOf(Patch patch) {
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).patch() == patch) {
                return i;
            }
        }
        return -1;
    }
}
