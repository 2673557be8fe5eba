package io.jlivepatch.agent.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlivepatch.agent.jvm.fixtures.ForceFix;
import io.jlivepatch.agent.jvm.fixtures.ForceTarget;
import io.jlivepatch.core.funcstack.MethodKey;
import io.jlivepatch.core.funcstack.Route;
import io.jlivepatch.core.funcstack.ThreadSwitch;
import io.jlivepatch.core.funcstack.Version;
import io.jlivepatch.core.model.MethodRef;
import io.jlivepatch.core.model.Patch;
import io.jlivepatch.core.model.PatchFunc;
import io.jlivepatch.core.model.PatchObject;
import io.jlivepatch.core.model.Replacement;
import io.jlivepatch.core.weave.Trampoline;
import io.jlivepatch.runtime.Dispatch;
import io.jlivepatch.runtime.Linker;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Force never makes a call fail (issue 12, hole 3), against the real {@link IndyDispatchTable} and
 * real woven code: a thread is held exactly between a guard that chose replacement code and its
 * redirect (inside the transition's {@code enter}, which the guard calls), the transition is forced
 * (the thread's state flips to the target, the original body), with or without the completion's
 * steady routes, and the held call must return. Before the fix the redirect selected the original
 * body and threw {@code IllegalStateException} into the call.
 */
class IndyDispatchTableForceTest {

    private static final String TARGET = ForceTarget.class.getName();
    private static final MethodRef F = new MethodRef("f", "()Ljava/lang/String;");
    private static final MethodRef G = new MethodRef("g", "()Ljava/lang/String;");
    private static final String FIX = ForceFix.class.getName();

    private Linker before;
    private IndyDispatchTable table;
    private Class<?> woven;
    private Patch patch;

    /** A disable's per-thread decision, with one thread held inside the guard's {@code enter}. */
    private static final class HeldSwitch implements ThreadSwitch {
        volatile boolean patched = true;
        volatile Thread held;
        final CountDownLatch atGuard = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public boolean enter(Thread current, MethodKey method) {
            boolean chosen = patched;
            if (current == held) {
                atGuard.countDown();
                try {
                    assertTrue(release.await(30, TimeUnit.SECONDS), "never released");
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            }
            return chosen;
        }

        @Override
        public boolean isPatched(Thread current) {
            return patched;
        }
    }

    @BeforeEach
    void wovenClassAndTable() throws Exception {
        before = Dispatch.installed();
        table = new IndyDispatchTable(noInstrumentation());
        Dispatch.install(table);
        woven = new WovenLoader(Trampoline.weave(classFile(ForceTarget.class), Set.of(F, G))).loadClass(TARGET);
        String owner = "L" + TARGET.replace('.', '/') + ";";
        patch = new Patch("p", false, List.of(), List.of(new PatchObject(TARGET, List.of(
                PatchFunc.of(F, new Replacement(FIX, F)),
                PatchFunc.of(G, new Replacement(FIX, new MethodRef("g", "(" + owner + ")Ljava/lang/String;")))))),
                Map.of(FIX, classFile(ForceFix.class)), "sha-p");
    }

    @AfterEach
    void restoreLinker() {
        Dispatch.install(before);
    }

    @Test
    void forcedBeforeCompletionTheHeldCallRunsTheReplacementItsGuardChose() throws Throwable {
        MethodKey f = key(F);
        HeldSwitch threads = switching(f);
        assertEquals("patched f", callF(), "both sites linked under the switching route");

        FutureTask<Object> held = hold(threads, this::callF);
        threads.patched = false; // force: every thread at the target (unpatched), the route still switching

        assertEquals("patched f", release(threads, held));
    }

    @Test
    void forcedAndCompletedTheHeldCallRunsTheOriginalBody() throws Throwable {
        MethodKey f = key(F);
        HeldSwitch threads = switching(f);
        assertEquals("patched f", callF());

        FutureTask<Object> held = hold(threads, this::callF);
        threads.patched = false;
        complete(f);

        assertEquals("original f", release(threads, held));
    }

    @Test
    void forcedAndCompletedBeforeTheRedirectEverLinkedTheHeldCallRunsTheOriginalBody() throws Throwable {
        MethodKey f = key(F);
        HeldSwitch threads = switching(f);

        FutureTask<Object> held = hold(threads, this::callF); // its redirect site links after completion
        threads.patched = false;
        complete(f);

        assertEquals("original f", release(threads, held));
    }

    @Test
    void anInstanceMethodHeldThereAlsoReturns() throws Throwable {
        MethodKey g = key(G);
        HeldSwitch threads = switching(g);
        Object receiver = woven.getConstructor().newInstance();
        MethodHandle callG = MethodHandles.publicLookup().findVirtual(woven, "g", MethodType.methodType(String.class));
        assertEquals("patched g", callG.invoke(receiver));

        FutureTask<Object> held = hold(threads, () -> callG.invoke(receiver));
        threads.patched = false;
        complete(g);

        assertEquals("original g", release(threads, held));
    }

    // ---------------------------------------------------------------------------------------------

    private MethodKey key(MethodRef method) {
        return new MethodKey(TARGET, method);
    }

    /** The disable's switching route: unpatched = the original body, patched = p's replacement. */
    private HeldSwitch switching(MethodKey method) {
        HeldSwitch threads = new HeldSwitch();
        Version replaced = new Version.Replaced(patch, patch.object(TARGET).func(method.method()));
        table.route(method, new Route.Switching(Version.ORIGINAL, replaced, threads));
        table.sync();
        return threads;
    }

    /** Completion of the disable: the steady route of the original body. */
    private void complete(MethodKey method) {
        table.route(method, new Route.Steady(Version.ORIGINAL));
        table.sync();
    }

    private Object callF() throws Throwable {
        return MethodHandles.publicLookup().findStatic(woven, "f", MethodType.methodType(String.class)).invoke();
    }

    private interface Call {
        Object run() throws Throwable;
    }

    /** Starts {@code call} on a new thread and returns once that thread's guard chose replacement code. */
    private static FutureTask<Object> hold(HeldSwitch threads, Call call) throws InterruptedException {
        FutureTask<Object> task = new FutureTask<>(() -> {
            try {
                return call.run();
            } catch (Exception | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new AssertionError(t);
            }
        });
        Thread thread = new Thread(task, "held-between-guard-and-redirect");
        thread.setDaemon(true);
        threads.held = thread;
        thread.start();
        assertTrue(threads.atGuard.await(30, TimeUnit.SECONDS), "the held thread never reached its guard");
        return task;
    }

    /** Lets the held thread go on to its redirect; returns what its call returned, or rethrows what it threw. */
    private static Object release(HeldSwitch threads, FutureTask<Object> held) throws Throwable {
        threads.release.countDown();
        try {
            return held.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("the held call failed: " + e.getCause(), e.getCause());
        }
    }

    private static byte[] classFile(Class<?> type) throws Exception {
        try (InputStream in = type.getResourceAsStream(type.getSimpleName() + ".class")) {
            return in.readAllBytes();
        }
    }

    /** The table looks at loaded classes only in prepare, which this test does not use. */
    private static Instrumentation noInstrumentation() {
        return (Instrumentation) Proxy.newProxyInstance(IndyDispatchTableForceTest.class.getClassLoader(),
                new Class<?>[] {Instrumentation.class}, (proxy, method, args) -> {
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    /** Defines the woven copy of the target class; everything else comes from the test's loader. */
    private static final class WovenLoader extends ClassLoader {
        private final byte[] bytes;

        WovenLoader(byte[] bytes) {
            super(IndyDispatchTableForceTest.class.getClassLoader());
            this.bytes = bytes;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                if (name.equals(TARGET)) {
                    Class<?> c = findLoadedClass(name);
                    return c != null ? c : defineClass(name, bytes, 0, bytes.length);
                }
                return super.loadClass(name, resolve);
            }
        }
    }
}
