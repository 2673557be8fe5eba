package io.jlivepatch.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks the jar we ship, {@code agent/target/jlivepatch-agent.jar}, after {@code package}
 * (architecture.md §3, habit 6; after OpenTelemetry's {@code ShadingTest}): only jlivepatch's own
 * packages and {@code META-INF}, ASM relocated, the runtime only as the nested jar, the agent
 * manifest.
 *
 * <p>Thread-safety: JUnit runs the methods one at a time; the jar is read once into memory.
 */
class AgentJarIT {

    private static final String NESTED = "META-INF/jlivepatch/jlivepatch-runtime.jar";

    private static Path jarPath;
    /** Entry name to bytes, in jar order; directories map to empty arrays. */
    private static Map<String, byte[]> entries;
    private static Manifest manifest;

    @BeforeAll
    static void readJar() throws IOException {
        jarPath = Path.of(System.getProperty("jlivepatch.agentJar", "target/jlivepatch-agent.jar"));
        assertTrue(Files.isRegularFile(jarPath), jarPath + " is missing: run `mvn package` first");
        entries = read(Files.newInputStream(jarPath));
        try (JarFile jar = new JarFile(jarPath.toFile())) {
            manifest = jar.getManifest();
        }
    }

    @Test
    void onlyJlivepatchAndMetaInfEntries() {
        List<String> stray = new ArrayList<>();
        for (String name : entries.keySet()) {
            if (!(under(name, "io/jlivepatch/") || under(name, "META-INF/"))) {
                stray.add(name);
            }
        }
        assertEquals(List.of(), stray, "entries outside io/jlivepatch/** and META-INF/**");
    }

    @Test
    void runtimeAndApiAreNotPlainEntries() {
        List<String> plain = new ArrayList<>();
        for (String name : entries.keySet()) {
            if (name.startsWith("io/jlivepatch/runtime/") || name.startsWith("io/jlivepatch/api/")) {
                plain.add(name);
            }
        }
        assertEquals(List.of(), plain, "the runtime must only be nested (" + NESTED + "), never plain entries");
    }

    @Test
    void runtimeIsNestedWithOnlyRuntimeAndApi() throws IOException {
        byte[] nested = entries.get(NESTED);
        assertNotNull(nested, NESTED + " is missing from " + jarPath);
        Map<String, byte[]> runtime = read(new ByteArrayInputStream(nested));
        assertTrue(runtime.containsKey("io/jlivepatch/runtime/Dispatch.class"), "no Dispatch in " + runtime.keySet());
        assertTrue(runtime.containsKey("io/jlivepatch/api/package-info.class"), "no api package in " + runtime.keySet());
        List<String> stray = new ArrayList<>();
        for (String name : runtime.keySet()) {
            if (!(under(name, "io/jlivepatch/runtime/") || under(name, "io/jlivepatch/api/") || under(name, "META-INF/"))) {
                stray.add(name);
            }
        }
        assertEquals(List.of(), stray, "the nested runtime jar holds more than io/jlivepatch/{runtime,api}/**");
    }

    @Test
    void theBuildModuleIsShadedIn() {
        // `java -jar jlivepatch-agent.jar build ...` and the launcher need the build module in the one jar
        assertTrue(entries.containsKey("io/jlivepatch/build/BuildCommand.class"), "the build module is missing");
        assertTrue(entries.containsKey("io/jlivepatch/core/model/Patch.class"), "core is missing");
    }

    @Test
    void asmIsRelocated() {
        assertTrue(entries.containsKey("io/jlivepatch/shaded/asm/ClassReader.class"), "relocated ASM is missing");
        assertTrue(entries.containsKey("io/jlivepatch/shaded/asm/tree/ClassNode.class"), "relocated asm-tree is missing");
        assertTrue(entries.containsKey("io/jlivepatch/shaded/asm/commons/Remapper.class"), "relocated asm-commons is missing");
        List<String> leaking = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            // Constant-pool strings are modified UTF-8, so ASCII names appear verbatim in the bytes.
            String text = new String(e.getValue(), StandardCharsets.ISO_8859_1);
            if (e.getKey().endsWith(".class") && (text.contains("org/objectweb/asm") || text.contains("org.objectweb.asm"))) {
                leaking.add(e.getKey());
            }
        }
        assertEquals(List.of(), leaking, "class files that still reference the unrelocated org.objectweb.asm");
    }

    @Test
    void manifestMakesAnAgentAndACli() {
        assertNotNull(manifest, "no manifest");
        Attributes main = manifest.getMainAttributes();
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("Premain-Class", "io.jlivepatch.agent.AgentMain");
        expected.put("Agent-Class", "io.jlivepatch.agent.AgentMain");
        expected.put("Main-Class", "io.jlivepatch.agent.cli.Main");
        expected.put("Can-Redefine-Classes", "true");
        expected.put("Can-Retransform-Classes", "true");
        expected.put("Implementation-Version", System.getProperty("jlivepatch.version"));
        Map<String, String> actual = new LinkedHashMap<>();
        for (String name : expected.keySet()) {
            actual.put(name, main.getValue(name));
        }
        assertNotNull(expected.get("Implementation-Version"), "failsafe must pass -Djlivepatch.version");
        assertEquals(expected, actual);
        for (String type : List.of("Premain-Class", "Main-Class")) {
            String entry = main.getValue(type).replace('.', '/') + ".class";
            assertTrue(entries.containsKey(entry), type + " names a class that is not in the jar: " + entry);
        }
    }

    @Test
    void noDuplicateEntries() throws IOException {
        List<String> names = new ArrayList<>();
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(jarPath))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                names.add(e.getName());
            }
        }
        assertEquals(entries.size(), names.size(), "duplicate entries in " + names);
    }

    private static boolean under(String name, String prefix) {
        // parent directories of the prefix ("io/", "io/jlivepatch/") are allowed as directory entries
        return name.startsWith(prefix) || (name.endsWith("/") && prefix.startsWith(name));
    }

    private static Map<String, byte[]> read(InputStream in) throws IOException {
        Map<String, byte[]> result = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                result.put(e.getName(), zip.readAllBytes());
            }
        }
        return result;
    }
}
