package io.jlivepatch.agent.boot;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Defines the runtime module's classes ({@code io.jlivepatch.runtime}, {@code io.jlivepatch.api}),
 * nested in the agent jar as {@value #ENTRY}, <em>in the boot loader</em> (architecture.md §2: every
 * class loader must reach them), once per JVM, without touching the bootstrap class path.
 *
 * <p>Why not {@link Instrumentation#appendToBootstrapClassLoaderSearch}: after an append HotSpot
 * turns class data sharing off for every loader but the boot loader and prints
 * {@code "Sharing is only supported for boot loader classes because bootstrap classpath has been
 * appended"}; CDS archives and JDK 24+ AOT caches stop working for the application. Defining the
 * classes directly leaves the class path alone. The classes are defined with
 * {@code jdk.internal.misc.Unsafe.defineClass(name, bytes, 0, length, null, null)}, whose package
 * {@code java.base} exports to this agent's module only, with {@link Instrumentation#redefineModule}
 * (the same way {@link AgentProperties} reaches the agent properties). Byte Buddy's
 * {@code ClassInjector.UsingUnsafe} does the same thing but took 0.6 s instead of 14 ms in a fresh
 * JVM and makes JDK 24+ print {@code sun.misc.Unsafe} deprecation warnings; its
 * {@code UsingInstrumentation} appends a jar to the bootstrap class path, the very thing avoided here
 * (docs/design.md, "The runtime in the boot loader").
 *
 * <p>All classes are defined at once, supertypes first (a class's superclass and interfaces are
 * resolved while it is defined), before anything links to them: the boot loader has no class path
 * entry to find a missing one later, so a class left out would be a {@code NoClassDefFoundError} in
 * woven code. Once defined, the boot loader's dictionary answers every later reference, from any
 * loader, by parent delegation.
 *
 * <p>"Once" is decided by the JVM: if {@value #PROBE} is already defined in the boot loader (an
 * earlier attach of this or another agent jar), nothing is done.
 *
 * <p>Thread-safety: {@link #defineInBootLoader} is synchronized; no state is kept.
 */
final class RuntimeClasses {

    /** Where the runtime jar is nested inside the agent jar. */
    static final String ENTRY = "META-INF/jlivepatch/jlivepatch-runtime.jar";

    /** A runtime class that proves the runtime is in the boot loader. */
    static final String PROBE = "io.jlivepatch.runtime.Dispatch";

    private static final String UNSAFE_PACKAGE = "jdk.internal.misc";

    private RuntimeClasses() {}

    /**
     * Defines the runtime's classes in the boot loader unless {@value #PROBE} is already there.
     *
     * @param inst the JVM's instrumentation
     * @throws IOException if the agent jar or its nested runtime jar cannot be read, or the JVM
     *     refuses a definition
     */
    static synchronized void defineInBootLoader(Instrumentation inst) throws IOException {
        if (inBootLoader()) {
            return;
        }
        Map<String, byte[]> classes = read(readNested());
        Definer definer = Definer.open(inst);
        for (String name : supertypesFirst(classes)) {
            definer.define(name, classes.get(name));
        }
    }

    /** {@return whether the boot loader has {@value #PROBE}} Does not initialize it. */
    static boolean inBootLoader() {
        try {
            Class.forName(PROBE, false, null);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** Binary class name to class file, for every {@code .class} entry but {@code module-info}. */
    static Map<String, byte[]> read(byte[] jar) throws IOException {
        Map<String, byte[]> classes = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(jar))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                String name = e.getName();
                if (name.endsWith(".class") && !name.endsWith("module-info.class") && !name.startsWith("META-INF/")) {
                    classes.put(name.substring(0, name.length() - ".class".length()).replace('/', '.'), zip.readAllBytes());
                }
            }
        }
        return classes;
    }

    /**
     * The names in an order where each class comes after its superclass and interfaces among
     * {@code classes} (types outside the runtime are the JDK's, already in the boot loader).
     *
     * @throws IOException if a class file is malformed, or the types form a cycle
     */
    static List<String> supertypesFirst(Map<String, byte[]> classes) throws IOException {
        Map<String, List<String>> supertypes = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> e : classes.entrySet()) {
            supertypes.put(e.getKey(), ClassHeader.supertypes(e.getValue()));
        }
        List<String> order = new ArrayList<>();
        Set<String> placed = new HashSet<>();
        Set<String> visiting = new HashSet<>();
        for (String name : supertypes.keySet()) {
            place(name, supertypes, placed, visiting, order);
        }
        return order;
    }

    private static void place(String name, Map<String, List<String>> supertypes, Set<String> placed,
                              Set<String> visiting, List<String> order) throws IOException {
        if (placed.contains(name) || !supertypes.containsKey(name)) {
            return;
        }
        if (!visiting.add(name)) {
            throw new IOException("the runtime's class " + name + " is its own supertype");
        }
        for (String supertype : supertypes.get(name)) {
            place(supertype, supertypes, placed, visiting, order);
        }
        visiting.remove(name);
        placed.add(name);
        order.add(name);
    }

    /** Reads {@value #ENTRY} from the jar (or directory) this class was loaded from, not from anywhere on the class path. */
    private static byte[] readNested() throws IOException {
        Path source = agentLocation();
        if (Files.isDirectory(source)) {
            return Files.readAllBytes(source.resolve(ENTRY));
        }
        try (JarFile jar = new JarFile(source.toFile())) {
            JarEntry entry = jar.getJarEntry(ENTRY);
            if (entry == null) {
                throw new IOException(source + " has no " + ENTRY + "; rebuild the agent jar with `mvn package`");
            }
            try (InputStream in = jar.getInputStream(entry)) {
                return in.readAllBytes();
            }
        }
    }

    private static Path agentLocation() throws IOException {
        CodeSource source = RuntimeClasses.class.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            throw new IOException("cannot locate the agent jar: " + RuntimeClasses.class + " has no code source");
        }
        try {
            return Path.of(source.getLocation().toURI());
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IOException("cannot locate the agent jar at " + source.getLocation(), e);
        }
    }

    /** {@code jdk.internal.misc.Unsafe.defineClass}, reached through a qualified export to this module. */
    private record Definer(Object unsafe, Method defineClass) {

        static Definer open(Instrumentation inst) throws IOException {
            try {
                Module base = Object.class.getModule();
                Module agent = RuntimeClasses.class.getModule();
                if (!base.isExported(UNSAFE_PACKAGE, agent)) {
                    inst.redefineModule(base, Set.of(), Map.of(UNSAFE_PACKAGE, Set.of(agent)), Map.of(), Set.of(),
                            Map.of());
                }
                Class<?> type = Class.forName(UNSAFE_PACKAGE + ".Unsafe");
                Object unsafe = type.getMethod("getUnsafe").invoke(null);
                Method define = type.getMethod("defineClass", String.class, byte[].class, int.class, int.class,
                        ClassLoader.class, ProtectionDomain.class);
                return new Definer(unsafe, define);
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new IOException("this JVM offers no way to define the jlivepatch runtime in the boot loader ("
                        + e + "); the agent needs a HotSpot-based JDK 17 or newer", e);
            }
        }

        void define(String name, byte[] bytes) throws IOException {
            try {
                defineClass.invoke(unsafe, name, bytes, 0, bytes.length, null, null);
            } catch (InvocationTargetException e) {
                // A concurrent definer (another agent jar of the same version) may have won the race.
                if (!(e.getCause() instanceof LinkageError) || !defined(name)) {
                    throw new IOException("cannot define the runtime's class " + name + " in the boot loader: "
                            + e.getCause(), e.getCause());
                }
            } catch (IllegalAccessException e) {
                throw new IOException("cannot define the runtime's class " + name + " in the boot loader: " + e, e);
            }
        }

        private static boolean defined(String name) {
            try {
                Class.forName(name, false, null);
                return true;
            } catch (ClassNotFoundException e) {
                return false;
            }
        }
    }

    /** The few fields of a class file's header this needs: its superclass and interfaces. */
    static final class ClassHeader {

        private ClassHeader() {}

        /** The binary names of the class's superclass (if any) and interfaces. */
        static List<String> supertypes(byte[] classFile) throws IOException {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
            if (in.readInt() != 0xCAFEBABE) {
                throw new IOException("not a class file");
            }
            in.readUnsignedShort(); // minor
            in.readUnsignedShort(); // major
            int count = in.readUnsignedShort();
            String[] utf8 = new String[count];
            int[] classNameIndex = new int[count];
            for (int i = 1; i < count; i++) {
                int tag = in.readUnsignedByte();
                switch (tag) {
                    case 1 -> utf8[i] = in.readUTF();
                    case 7 -> classNameIndex[i] = in.readUnsignedShort();
                    case 8, 16, 19, 20 -> in.skipNBytes(2);
                    case 15 -> in.skipNBytes(3);
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
                    case 5, 6 -> {
                        in.skipNBytes(8);
                        i++; // longs and doubles take two slots
                    }
                    default -> throw new IOException("unknown constant pool tag " + tag);
                }
            }
            in.readUnsignedShort(); // access flags
            in.readUnsignedShort(); // this class
            List<String> result = new ArrayList<>();
            int superclass = in.readUnsignedShort();
            if (superclass != 0) {
                result.add(utf8[classNameIndex[superclass]].replace('/', '.'));
            }
            int interfaces = in.readUnsignedShort();
            for (int i = 0; i < interfaces; i++) {
                result.add(utf8[classNameIndex[in.readUnsignedShort()]].replace('/', '.'));
            }
            return result;
        }
    }
}
