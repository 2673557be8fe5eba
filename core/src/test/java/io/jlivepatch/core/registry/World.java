package io.jlivepatch.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.jlivepatch.core.funcstack.FakeDispatchTable;
import io.jlivepatch.core.funcstack.MethodKey;
import io.jlivepatch.core.funcstack.Route;
import io.jlivepatch.core.funcstack.Version;
import io.jlivepatch.core.model.MethodRef;
import io.jlivepatch.core.model.Patch;
import io.jlivepatch.core.model.PatchFunc;
import io.jlivepatch.core.model.PatchObject;
import io.jlivepatch.core.model.Replacement;
import io.jlivepatch.core.model.SystemState;
import io.jlivepatch.core.transition.FakeScheduler;
import io.jlivepatch.core.transition.FakeThreadStacks;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@link Livepatch} on fakes, and a small patch builder. Target classes: {@code demo.Greeter}
 * (methods f1..f4) and {@code demo.Other} (method x), both loaded unless a test says otherwise.
 */
final class World {

    static final String GREETER = "demo.Greeter";
    static final String OTHER = "demo.Other";
    static final MethodKey F1 = key(GREETER, "f1");
    static final MethodKey F2 = key(GREETER, "f2");
    static final MethodKey F3 = key(GREETER, "f3");
    static final MethodKey F4 = key(GREETER, "f4");
    static final MethodKey X = key(OTHER, "x");

    final FakeThreadStacks threads = new FakeThreadStacks();
    final FakeDispatchTable table = new FakeDispatchTable(threads);
    final FakeRedefiner redefiner = new FakeRedefiner();
    final FakeScheduler scheduler = new FakeScheduler();
    final Transcript transcript = new Transcript();
    final Livepatch livepatch = new Livepatch(redefiner, table, threads, scheduler, transcript);

    World() {
        redefiner.bind(livepatch.modules()::weavePlan);
        redefiner.load(GREETER);
        redefiner.load(OTHER);
    }

    static MethodKey key(String className, String name) {
        return new MethodKey(className, new MethodRef(name, "()V"));
    }

    static MethodRef ref(MethodKey key) {
        return key.method();
    }

    /** A patch of {@code methods}, each replaced by a static method of a class of the patch. */
    static Patch patch(String name, boolean replace, List<SystemState> states, MethodKey... methods) {
        String holder = "patch." + name.replaceAll("[^A-Za-z0-9]", "_") + ".Code";
        Map<String, List<PatchFunc>> funcs = new LinkedHashMap<>();
        for (MethodKey method : methods) {
            String owner = "L" + method.className().replace('.', '/') + ";";
            funcs.computeIfAbsent(method.className(), k -> new ArrayList<>()).add(PatchFunc.of(method.method(),
                    new Replacement(holder, new MethodRef(method.method().name(), "(" + owner + ")V"))));
        }
        List<PatchObject> objects = new ArrayList<>();
        funcs.forEach((className, list) -> objects.add(new PatchObject(className, list)));
        return new Patch(name, replace, states, objects, Map.of(holder, new byte[] {(byte) 0xCA}), "sha-" + name);
    }

    static Patch patch(String name, MethodKey... methods) {
        return patch(name, false, List.of(), methods);
    }

    static Patch replace(String name, MethodKey... methods) {
        return patch(name, true, List.of(), methods);
    }

    /** The name of the patch whose code {@code version} is, or "original". */
    static String who(Version version) {
        return version.isOriginal() ? "original" : ((Version.Replaced) version).patch().name();
    }

    /** {@code thread} makes one whole call of {@code method}; returns who ran. */
    String call(Thread thread, MethodKey method) {
        String ran = who(table.call(thread, method));
        table.exit(thread);
        return ran;
    }

    /** Asserts {@code method} has a steady route to the code of {@code patch} (or "original"). */
    void assertSteady(String patch, MethodKey method) {
        Route route = table.published(method);
        Route.Steady steady = assertInstanceOf(Route.Steady.class, route, method + " has " + route);
        assertEquals(patch, who(steady.version()), method.toString());
    }

    /** Asserts {@code method} is switching between the code of {@code unpatched} and {@code patched}. */
    void assertSwitching(String unpatched, String patched, MethodKey method) {
        Route route = table.published(method);
        Route.Switching switching = assertInstanceOf(Route.Switching.class, route, method + " has " + route);
        assertEquals(unpatched + " -> " + patched, who(switching.unpatched()) + " -> " + who(switching.patched()),
                method.toString());
    }

    Set<MethodRef> woven(String className) {
        return livepatch.modules().weavePlan().trampolines(className);
    }

    /** "name@order[+nop funcs]" for every listed patch, for compact list assertions. */
    List<String> listing() {
        List<String> result = new ArrayList<>();
        for (PatchStatus status : livepatch.patches()) {
            StringBuilder text = new StringBuilder(status.name() + "@" + status.stackOrder()
                    + (status.enabled() ? "" : " disabled") + (status.transition() ? " transition" : "")
                    + (status.replace() ? " replace" : "") + (status.forced() ? " forced" : "") + ":");
            for (PatchStatus.ObjectStatus object : status.objects()) {
                text.append(' ').append(object.name()).append(object.loaded() ? "" : "(not loaded)").append('[');
                List<String> funcs = new ArrayList<>();
                for (PatchStatus.FuncStatus func : object.funcs()) {
                    funcs.add(func.name() + (func.nop() ? "=nop" : ""));
                }
                text.append(String.join(",", funcs)).append(']');
            }
            result.add(text.toString());
        }
        return result;
    }

    static String msg(String text) {
        return "jlivepatch: " + text;
    }

    static StackTraceElement frame(MethodKey method) {
        return FakeDispatchTable.frame(method);
    }
}
