package io.jlivepatch.core.transition;

import io.jlivepatch.core.funcstack.FakeDispatchTable;
import io.jlivepatch.core.funcstack.MethodKey;
import io.jlivepatch.core.funcstack.Route;
import io.jlivepatch.core.funcstack.Version;
import io.jlivepatch.core.model.MethodRef;
import io.jlivepatch.core.model.Patch;
import io.jlivepatch.core.model.PatchFunc;
import io.jlivepatch.core.model.PatchObject;
import io.jlivepatch.core.model.Replacement;
import java.util.List;
import java.util.Map;

/**
 * The world of the transition tests: patch {@code p} changes {@code f}, {@code g} and {@code h} of
 * {@code demo.Service}; {@code f} calls {@code g}. The test drives a {@link Transition} the way the
 * registry does (switching routes, sync, start, passes, steady routes) and calls methods the way
 * woven code does.
 */
final class Fixture {

    static final String CLASS = "demo.Service";
    static final MethodKey F = key("f");
    static final MethodKey G = key("g");
    static final MethodKey H = key("h");
    static final List<MethodKey> METHODS = List.of(F, G, H);
    private static final List<String> METHODS_NAMES = List.of("f", "g", "h");

    static final Patch P = patch("p");
    /** A newer patch on top of {@code h} only: while it is there, p's transitions never route h. */
    static final Patch Q = patch("q");

    final FakeThreadStacks threads = new FakeThreadStacks();
    final FakeDispatchTable table = new FakeDispatchTable(threads);

    static MethodKey key(String name) {
        return new MethodKey(CLASS, new MethodRef(name, "()V"));
    }

    private static Patch patch(String name) {
        String replacementClass = "patch." + name + ".Service";
        List<PatchFunc> funcs = METHODS_NAMES.stream()
                .map(m -> PatchFunc.of(new MethodRef(m, "()V"),
                        new Replacement(replacementClass, new MethodRef(m, "(Ldemo/Service;)V"))))
                .toList();
        return new Patch(name, false, List.of(), List.of(new PatchObject(CLASS, funcs)),
                Map.of(replacementClass, new byte[] {1}), "");
    }

    /** {@code patch}'s version of {@code method}. */
    static Version version(Patch patch, MethodKey method) {
        return new Version.Replaced(patch, patch.object(CLASS).func(method.method()));
    }

    /** The transition of {@code p} to {@code target} over f, g and h, not yet started. */
    Transition transition(PatchState target) {
        return new Transition("p", target, METHODS, threads);
    }

    /** Routes that every thread sees before (or after) a transition. */
    void steady(Map<MethodKey, Version> versions) {
        versions.forEach((method, version) -> table.route(method, new Route.Steady(version)));
        table.sync();
    }

    /** The registry's switching routes for {@code methods}: unpatched = original, patched = p's. */
    void switching(Transition transition, MethodKey... methods) {
        for (MethodKey method : methods) {
            table.route(method, new Route.Switching(Version.ORIGINAL, version(P, method), transition));
        }
        table.sync();
    }

    /** "old" or "new" (p's), what the consistency guarantee is about. */
    static String side(Version version) {
        if (version.isOriginal()) {
            return "old";
        }
        Version.Replaced replaced = (Version.Replaced) version;
        return replaced.patch() == P ? "new" : replaced.patch().name();
    }
}
