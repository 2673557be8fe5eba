package io.jlivepatch.core.reader;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jlivepatch.core.model.SystemState;
import io.jlivepatch.core.reader.callbacks.CounterCallbacks;
import io.jlivepatch.core.reader.callbacks.GreeterCallbacks;
import io.jlivepatch.core.reader.fixtures.CounterFix;
import io.jlivepatch.core.reader.fixtures.GreeterFix;
import io.jlivepatch.core.reader.fixtures.TwiceInOneClass;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Hostile input for the patch-jar reader: a seeded generator mutates valid patch jars (raw bytes,
 * single entries re-zipped so their CRC holds and the class and manifest parsers are reached, and
 * the entry list) and adds crafted ones (zip bombs, huge manifests, deeply nested annotations). The
 * property: {@link PatchJarReader#read(String, byte[])} returns a patch or throws
 * {@link PatchFormatException}; nothing else escapes, no input takes longer than
 * {@value #PER_INPUT_SECONDS} s, and nothing runs out of memory.
 *
 * <p>Bounded for CI: {@code -Djlivepatch.fuzz.seconds} (default 3) of inputs from
 * {@code -Djlivepatch.fuzz.seed} (default a fixed seed, so a CI failure reproduces). Longer, on
 * demand (docs/operations.md): {@code mvn -B -pl core -am test -Dtest=PatchJarReaderFuzzTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Djlivepatch.fuzz.seconds=600 -Djlivepatch.fuzz.seed=$RANDOM}.
 * A failing input is written to {@code target/fuzz-failures/}.
 */
class PatchJarReaderFuzzTest {

    private static final long PER_INPUT_SECONDS = 5;
    private static final long SECONDS = Long.getLong("jlivepatch.fuzz.seconds", 3);
    private static final long SEED = Long.getLong("jlivepatch.fuzz.seed", 0x5eed);

    private static final List<byte[]> CORPUS = new ArrayList<>();
    private static ExecutorService worker;

    @BeforeAll
    static void corpus() {
        worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-reader");
            t.setDaemon(true);
            return t;
        });
        CORPUS.add(PatchJarWriter.toBytes("fix", false, List.of(), TestJars.classes(GreeterFix.class)));
        CORPUS.add(PatchJarWriter.toBytes("fix-all", true, List.of(new SystemState(1, 2)),
                TestJars.classes(CounterFix.class, GreeterFix.class, TwiceInOneClass.class)));
        CORPUS.add(PatchJarWriter.toBytes("callbacks", false, List.of(),
                TestJars.classes(GreeterFix.class, GreeterCallbacks.class, CounterFix.class, CounterCallbacks.class)));
    }

    @AfterAll
    static void stop() {
        worker.shutdownNow();
    }

    @Test
    void mutatedPatchJarsAreReadOrRefusedNeverAnythingElse() throws Exception {
        Random random = new Random(SEED);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
        long executions = 0;
        long refused = 0;
        while (System.nanoTime() < deadline) {
            byte[] input = mutate(random, CORPUS.get(random.nextInt(CORPUS.size())));
            if (!check(input, "seed " + SEED + " execution " + executions)) {
                refused++;
            }
            executions++;
        }
        // The closing note quotes these numbers.
        System.out.println("PatchJarReaderFuzzTest: " + executions + " executions in " + SECONDS + " s (seed " + SEED
                + "), " + refused + " refused, " + (executions - refused) + " read");
        assertTrue(executions > 100, "the generator ran only " + executions + " inputs");
        assertTrue(refused > 0 && refused < executions, "mutations must reach both outcomes: " + refused);
    }

    /** Runs one input; {@code true} if it was read as a patch, {@code false} if refused. */
    private static boolean check(byte[] input, String what) throws Exception {
        Future<Boolean> run = worker.submit(() -> {
            try {
                PatchJarReader.read("fuzz.jar", input);
                return true;
            } catch (PatchFormatException e) {
                return false;
            }
        });
        try {
            return run.get(PER_INPUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            save(input, what);
            worker.shutdownNow();
            worker = Executors.newSingleThreadExecutor();
            fail(what + ": the reader took more than " + PER_INPUT_SECONDS + " s");
        } catch (java.util.concurrent.ExecutionException e) {
            save(input, what);
            throw new AssertionError(what + ": the reader threw " + e.getCause(), e.getCause());
        }
        return false;
    }

    private static void save(byte[] input, String what) throws IOException {
        Path dir = Files.createDirectories(Path.of("target", "fuzz-failures"));
        Files.write(dir.resolve(what.replace(' ', '-') + ".jar"), input);
    }

    @Test
    void aZipBombIsRefusedBeforeItIsInflated() throws Exception {
        // 200 MiB of zeros deflate to about 200 KiB.
        byte[] bomb = zip(Map.of("META-INF/MANIFEST.MF", TestJars.manifest("Livepatch-Name: bomb"),
                "a/Bomb.class", new byte[200 << 20]));
        long start = System.nanoTime();
        String why = assertThrows(PatchFormatException.class, () -> PatchJarReader.read("bomb.jar", bomb)).getMessage();
        assertTrue(why.startsWith("bomb.jar is too large: "), why);
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(PER_INPUT_SECONDS));
    }

    @Test
    void manyEntriesAreRefused() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("META-INF/MANIFEST.MF", TestJars.manifest("Livepatch-Name: many"));
        for (int i = 0; i < 20_000; i++) {
            entries.put("d/" + i, new byte[0]);
        }
        String why = assertThrows(PatchFormatException.class,
                () -> PatchJarReader.read("many.jar", zip(entries))).getMessage();
        assertTrue(why.startsWith("many.jar is too large: "), why);
    }

    @Test
    void aHugeManifestIsRefused() {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 200_000; i++) {
            lines.append("X-Attribute-").append(i).append(": ").append("v".repeat(40)).append("\r\n");
        }
        byte[] jar = zip(Map.of("META-INF/MANIFEST.MF", TestJars.manifest("Livepatch-Name: big", lines.toString())));
        String why = assertThrows(PatchFormatException.class, () -> PatchJarReader.read("big.jar", jar)).getMessage();
        assertTrue(why.startsWith("big.jar is too large: its manifest has "), why);
    }

    @Test
    void deeplyNestedAnnotationsAreRefusedNotAStackOverflow() {
        for (int depth : new int[] {100, 10_000, 200_000}) {
            byte[] jar = zip(Map.of("META-INF/MANIFEST.MF", TestJars.manifest("Livepatch-Name: deep"),
                    "a/Deep.class", nested(depth)));
            check(jar); // read or refused: either is fine, escaping is not
        }
    }

    @Test
    void aDeviceIsNotReadForever() {
        String why = assertThrows(PatchFormatException.class, () -> PatchJarReader.read(Path.of("/dev/zero")))
                .getMessage();
        assertTrue(why.equals("/dev/zero is not a regular file"), why);
    }

    @Test
    void brokenClassFilesAreRefused() {
        byte[] good = TestJars.classFile(GreeterFix.class);
        for (int cut = 0; cut < good.length; cut += Math.max(1, good.length / 64)) {
            byte[] truncated = java.util.Arrays.copyOf(good, cut);
            byte[] jar = zip(Map.of("META-INF/MANIFEST.MF", TestJars.manifest("Livepatch-Name: cut"),
                    GreeterFix.class.getName().replace('.', '/') + ".class", truncated));
            assertTrue(!check(jar), "a class file cut at " + cut + " bytes was read");
        }
    }

    private static boolean check(byte[] jar) {
        try {
            return check(jar, "crafted");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** A class {@code a.Deep} whose one method carries an annotation nested {@code depth} deep. */
    private static byte[] nested(int depth) {
        ClassWriter cw = new ClassWriter(0);
        cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "a/Deep", null, "java/lang/Object", null);
        cw.visitAnnotation("Lio/jlivepatch/api/TargetClass;", false).visit("value", "x.Y");
        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_STATIC, "m", "()V", null, null);
        AnnotationVisitor av = mv.visitAnnotation("La/Nest;", false);
        List<AnnotationVisitor> open = new ArrayList<>();
        for (int i = 0; i < depth; i++) {
            open.add(av);
            av = av.visitAnnotation("n", "La/Nest;");
        }
        av.visitEnd();
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).visitEnd();
        }
        mv.visitCode();
        mv.visitInsn(Opcodes.RETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }

    // ---- the generator ----

    private static byte[] mutate(Random random, byte[] seed) throws IOException {
        return switch (random.nextInt(4)) {
            case 0 -> bytes(random, seed);
            case 1, 2 -> entry(random, seed);
            default -> entries(random, seed);
        };
    }

    /** Raw byte mutations of the whole jar: flips, overwrites, inserts, deletes, truncation. */
    private static byte[] bytes(Random random, byte[] in) {
        byte[] out = in.clone();
        int n = 1 + random.nextInt(8);
        for (int i = 0; i < n && out.length > 0; i++) {
            int at = random.nextInt(out.length);
            switch (random.nextInt(5)) {
                case 0 -> out[at] ^= (byte) (1 << random.nextInt(8));
                case 1 -> out[at] = (byte) random.nextInt(256);
                case 2 -> out = splice(out, at, 0, randomBytes(random, 1 + random.nextInt(16)));
                case 3 -> out = splice(out, at, Math.min(out.length - at, 1 + random.nextInt(16)), new byte[0]);
                default -> out = java.util.Arrays.copyOf(out, at);
            }
        }
        return out;
    }

    /** One entry (a class or the manifest) mutated, the jar re-zipped so its CRC and sizes hold. */
    private static byte[] entry(Random random, byte[] jar) throws IOException {
        Map<String, byte[]> entries = unzip(jar);
        List<String> names = new ArrayList<>(entries.keySet());
        String name = names.get(random.nextInt(names.size()));
        entries.put(name, bytes(random, entries.get(name)));
        return zip(entries);
    }

    /** The entry list changed: an entry dropped, duplicated under another name, or renamed. */
    private static byte[] entries(Random random, byte[] jar) throws IOException {
        Map<String, byte[]> entries = unzip(jar);
        List<String> names = new ArrayList<>(entries.keySet());
        String name = names.get(random.nextInt(names.size()));
        switch (random.nextInt(3)) {
            case 0 -> entries.remove(name);
            case 1 -> entries.put(name.toLowerCase(java.util.Locale.ROOT) + random.nextInt(3), entries.get(name));
            default -> entries.put(name.substring(0, random.nextInt(name.length() + 1)) + "X.class",
                    entries.remove(name));
        }
        return zip(entries);
    }

    private static byte[] splice(byte[] in, int at, int remove, byte[] insert) {
        byte[] out = new byte[in.length - remove + insert.length];
        System.arraycopy(in, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(in, at + remove, out, at + insert.length, in.length - at - remove);
        return out;
    }

    private static byte[] randomBytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static Map<String, byte[]> unzip(byte[] jar) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(jar))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                entries.put(e.getName(), in.readAllBytes());
            }
        }
        return entries;
    }

    private static byte[] zip(Map<String, byte[]> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
