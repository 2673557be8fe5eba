package io.jlivepatch.samples.targets;

import io.jlivepatch.agent.boot.Boot;
import io.jlivepatch.api.Unloading;
import io.jlivepatch.core.model.Patch;
import io.jlivepatch.core.reader.PatchJarReader;
import io.jlivepatch.core.registry.Livepatch;
import io.jlivepatch.core.registry.TransitionStatus;
import java.lang.ref.WeakReference;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The console's commands of the ported kernel selftests (test-callbacks.sh, test-state.sh,
 * test-shadow-vars.sh), named after the harness's {@code functions.sh}. A command set of
 * {@link TargetMain}, reached through {@link AgentCommands}.
 *
 * <ul>
 *   <li>{@code insmod <patch.jar> [pre_patch_ret=N]}: load_lp: enable, then wait for the
 *       transition to finish; the parameter becomes the system property {@code <patch>.pre_patch_ret}.
 *   <li>{@code insmod_nowait <patch.jar>}: load_lp_nowait.
 *   <li>{@code insmod <module> [block_transition=Y|N]}: load a target module, a class of the
 *       default package, in a class loader of its own (so that its going can be announced and the
 *       loader collected), and call its {@code init()}; the parameter becomes the system property
 *       {@code <module>.block_transition}.
 *   <li>{@code rmmod <module>}: call its {@code exit()}, announce its loader going
 *       ({@link Unloading#announce}), drop it and collect it; answers whether the loader is gone.
 *       {@code rmmod <patch>} does nothing: a disabled or replaced patch has nothing left to remove.
 *   <li>({@code disable_lp <patch>} is {@link TransitionCommands}': disable, then wait.)
 *   <li>{@code set_pre_patch_ret <patch> <N>}, {@code wait_transition <patch>}, {@code loglevel}.
 *   <li>{@code run_main <class> [args]}: runs a sample's {@code main} on a daemon thread (the sample
 *       patches' ITs).
 * </ul>
 *
 * <p>Class {@code vmlinux} (the kernel image) is loaded when this console first runs a command.
 */
final class SelftestCommands {

    private static final long WAIT_MILLIS = 30_000;

    private static final Set<String> COMMANDS = Set.of("insmod", "insmod_nowait", "rmmod", "set_pre_patch_ret",
            "wait_transition", "loglevel", "run_main");

    /** The loaded modules: name -> its class, in its own loader. */
    private static final Map<String, Class<?>> MODULES = new HashMap<>();

    private SelftestCommands() {}

    /** Whether {@code command} is one of this console's. */
    static boolean handles(String command) {
        return COMMANDS.contains(command);
    }

    static String run(String command, String arg) throws Exception {
        Class.forName("vmlinux");
        String[] words = arg.split(" ");
        switch (command) {
            case "insmod":
                return words[0].endsWith(".jar") ? loadLivepatch(words, true) : loadModule(words);
            case "insmod_nowait":
                return loadLivepatch(words, false);
            case "rmmod":
                return unloadModule(words[0]);
            case "set_pre_patch_ret":
                System.setProperty(words[0] + ".pre_patch_ret", words[1]);
                return "ok";
            case "wait_transition":
                return waitTransition(words[0]);
            case "loglevel":
                return "console_loglevel=" + ConsoleLoglevel.value;
            case "run_main":
                return runMain(words);
            default:
                throw new IllegalArgumentException("unknown command " + command);
        }
    }

    private static String loadLivepatch(String[] words, boolean wait) throws Exception {
        Patch patch = PatchJarReader.read(Path.of(words[0]));
        for (int i = 1; i < words.length; i++) {
            String[] param = words[i].split("=", 2);
            System.setProperty(patch.name() + "." + param[0], param[1]);
        }
        Boot.livepatch().enable(patch);
        return wait ? waitIdle() : "ok";
    }

    private static String loadModule(String[] words) throws Exception {
        String name = words[0];
        for (int i = 1; i < words.length; i++) {
            String[] param = words[i].split("=", 2);
            System.setProperty(name + "." + param[0], param[1]);
        }
        URL classes = SelftestCommands.class.getProtectionDomain().getCodeSource().getLocation();
        @SuppressWarnings("resource") // closed by rmmod
        URLClassLoader loader = new URLClassLoader("module:" + name, new URL[] {classes}, null);
        // Defining the class is the module coming: its callbacks run in there.
        Class<?> module = Class.forName(name, false, loader);
        boolean patched = Boot.livepatch().modules().isAlive(name, loader);
        module.getMethod("init").invoke(null);
        MODULES.put(name, module);
        return patched ? "ok" : "loaded unpatched: a patch refused it";
    }

    private static String unloadModule(String name) throws Exception {
        Class<?> module = MODULES.remove(name);
        if (module == null) {
            return "ok";
        }
        module.getMethod("exit").invoke(null);
        URLClassLoader loader = (URLClassLoader) module.getClassLoader();
        Unloading.announce(loader);
        loader.close();
        WeakReference<ClassLoader> gone = new WeakReference<>(loader);
        module = null;
        loader = null;
        for (int i = 0; i < 100 && gone.get() != null; i++) {
            System.gc();
            Thread.sleep(20);
        }
        return gone.get() == null ? "ok, loader collected" : "loader still reachable";
    }

    private static String runMain(String[] words) throws Exception {
        java.lang.reflect.Method main = Class.forName(words[0]).getMethod("main", String[].class);
        String[] args = java.util.Arrays.copyOfRange(words, 1, words.length);
        Thread thread = new Thread(() -> {
            try {
                main.invoke(null, (Object) args);
            } catch (ReflectiveOperationException e) {
                e.printStackTrace();
            }
        }, "main-" + words[0]);
        thread.setDaemon(true);
        thread.start();
        return "started";
    }

    private static String waitIdle() throws InterruptedException {
        Livepatch livepatch = Boot.livepatch();
        for (long waited = 0; waited < WAIT_MILLIS && livepatch.isInTransition(); waited += 5) {
            Thread.sleep(5);
        }
        return livepatch.isInTransition() ? "still in transition" : "ok";
    }

    private static String waitTransition(String patch) throws InterruptedException {
        for (long waited = 0; waited < WAIT_MILLIS; waited += 5) {
            TransitionStatus status = Boot.livepatch().transition();
            if (status != null && status.patch().equals(patch)) {
                return "in transition";
            }
            Thread.sleep(5);
        }
        return "no transition";
    }
}
