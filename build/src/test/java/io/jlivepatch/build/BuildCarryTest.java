package io.jlivepatch.build;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlivepatch.core.model.MethodRef;
import io.jlivepatch.core.model.Patch;
import io.jlivepatch.core.model.PatchFunc;
import io.jlivepatch.core.model.PatchObject;
import io.jlivepatch.core.reader.PatchJarReader;
import io.jlivepatch.core.weave.Fingerprints;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.Textifier;
import org.objectweb.asm.util.TraceClassVisitor;

/**
 * What the build carries and how: changed methods of every shape become funcs (static, instance,
 * interface default and static, overloads, nested and anonymous classes), with the fingerprint of
 * the old method; new private methods, lambdas, switch maps and the assertion flag are carried in
 * the replacement class; renumbered lambdas, anonymous classes and accessors are not changes;
 * private members are used directly, super calls and inherited protected members through the
 * Access bootstrap. Every generated class verifies.
 */
class BuildCarryTest {

    @TempDir
    Path dir;

    private record Built(Builds.Run run, Patch patch, Map<String, byte[]> classes) {
        String text(String binaryName) {
            java.io.StringWriter out = new java.io.StringWriter();
            new ClassReader(classes.get(binaryName)).accept(new TraceClassVisitor(null, new Textifier(),
                    new java.io.PrintWriter(out)), 0);
            return out.toString();
        }

        PatchFunc func(String className, String method) {
            PatchObject object = patch.object(className);
            assertTrue(object != null, "no object " + className + " in " + patch.objects());
            PatchFunc func = object.func(MethodRef.parse(method));
            assertTrue(func != null, "no func " + method + " in " + object.funcs());
            return func;
        }
    }

    private Built built(Map<String, String> old, Map<String, String> now, String... options) throws Exception {
        Path oldClasses = Javac.compile(dir, "old", old, options);
        Path newClasses = Javac.compile(dir, "new", now, options);
        Path jar = dir.resolve("fix.jar");
        Builds.Run run = Builds.build(0, oldClasses, newClasses, jar);
        Patch patch = PatchJarReader.read(jar);
        Map<String, byte[]> classes = patch.classes().keySet().stream()
                .collect(Collectors.toMap(c -> c, patch::classBytes));
        Builds.verify(classes, oldClasses.toUri().toURL());
        return new Built(run, patch, classes);
    }

    private static Map<String, String> a(String body) {
        return Map.of("demo/A.java", "package demo;\nimport java.util.*;\nimport java.util.function.*;\n"
                + "public class A {\n" + body + "\n}\n");
    }

    @Test
    void instanceStaticAndOverloadsWithFingerprints() throws Exception {
        Built built = built(a("private String s = \"x\"; public String m(int i) { return s + i; }"
                        + " public String m(String t) { return s + t; } public static int twice(int i) { return 2 * i; }"),
                a("private String s = \"x\"; public String m(int i) { return s + (i + 1); }"
                        + " public String m(String t) { return s + t; } public static int twice(int i) { return i + i; }"));
        assertTrue(built.run().out().contains("demo.A: changed method: m(I)Ljava/lang/String;"), built.run().out());
        assertFalse(built.run().out().contains("m(Ljava/lang/String;)"), "the other overload is unchanged");
        PatchFunc m = built.func("demo.A", "m(I)Ljava/lang/String;");
        assertEquals(new MethodRef("m", "(Ldemo/A;I)Ljava/lang/String;"), m.replacement().method());
        byte[] oldA = Files.readAllBytes(dir.resolve("old/demo/A.class"));
        assertEquals(Fingerprints.of(oldA).get(MethodRef.parse("m(I)Ljava/lang/String;")), m.fingerprint());
        PatchFunc twice = built.func("demo.A", "twice(I)I");
        assertEquals(new MethodRef("twice", "(I)I"), twice.replacement().method());
        assertTrue(built.text("demo.A$$Patch").contains("GETFIELD demo/A.s"), "a private field is read directly");
    }

    @Test
    void privateMethodsNewChangedAndUnchanged() throws Exception {
        Built built = built(a("private int base() { return 1; } private int same() { return 5; }"
                        + " public int m() { return base() + same(); }"),
                a("private int base() { return 2; } private int same() { return 5; } private static int extra() { return 10; }"
                        + " public int m() { return base() + same() + extra(); }"));
        String out = built.run().out();
        assertTrue(out.contains("demo.A: changed method: base()I"), out);
        assertTrue(out.contains("demo.A: carried: new private method extra()I as demo.A$$Patch.extra()I"), out);
        String text = built.text("demo.A$$Patch");
        assertTrue(text.contains("INVOKESTATIC demo/A$$Patch.base (Ldemo/A;)I"), "a changed private method: its copy\n" + text);
        assertTrue(text.contains("INVOKESTATIC demo/A$$Patch.extra ()I"), text);
        assertTrue(text.contains("INVOKEVIRTUAL demo/A.same ()I"), "an unchanged private method: the running one, by nestmate access\n" + text);
    }

    @Test
    void lambdasNewAndRenumbered() throws Exception {
        Built built = built(a("public int first(List<Integer> l) { return l.size(); }"
                        + " public List<String> labels(List<Integer> l) { List<String> out = new ArrayList<>();"
                        + " l.forEach(v -> out.add(\"#\" + v)); return out; }"),
                a("public int first(List<Integer> l) { return (int) l.stream().filter(v -> v > 0).count(); }"
                        + " public List<String> labels(List<Integer> l) { List<String> out = new ArrayList<>();"
                        + " l.forEach(v -> out.add(\"#\" + v)); return out; }"));
        String out = built.run().out();
        assertTrue(out.contains("demo.A: changed method: first(Ljava/util/List;)I"), out);
        assertFalse(out.contains("labels"), "renumbered lambda, same code: not a change\n" + out);
        assertTrue(out.contains("demo.A: carried: lambda body lambda$first$0(Ljava/lang/Integer;)Z"), out);
        String text = built.text("demo.A$$Patch");
        // the carried body is the copy's; the agent re-points the metafactory site to runtime's Lambdas at definition
        assertTrue(text.contains("java/lang/invoke/LambdaMetafactory.metafactory"), text);
        assertTrue(text.matches("(?s).*demo/A\\$\\$Patch\\.lambda\\$first\\$\\w+\\(Ljava/lang/Integer;\\)Z.*"), text);
    }

    @Test
    void aChangedLambdaBodyChangesTheMethodThatCreatesIt() throws Exception {
        Built built = built(a("public Supplier<String> s() { return () -> \"a\"; }"),
                a("public Supplier<String> s() { return () -> \"b\"; }"));
        assertTrue(built.run().out().contains("demo.A: changed method: s()Ljava/util/function/Supplier;"), built.run().out());
    }

    @Test
    void nestedAndAnonymousClassesRenumberedAndChanged() throws Exception {
        String outer = "package demo;\npublic class Outer {\n private int secret = 3;\n"
                + " static class Nested { int v(Outer o) { return o.secret; } }\n"
                + " public Runnable r1() { return new Runnable() { public void run() { System.out.println(\"one\"); } }; }\n"
                + " public Runnable r2() { return new Runnable() { public void run() { System.out.println(\"%s\"); } }; }\n}\n";
        Built built = built(Map.of("demo/Outer.java", outer.replace("%s", "two")),
                Map.of("demo/Outer.java", outer.replace("%s", "TWO").replace("return o.secret;", "return o.secret + 1;")));
        String out = built.run().out();
        assertTrue(out.contains("demo.Outer$Nested: changed method: v(Ldemo/Outer;)I"), out);
        assertTrue(out.contains("demo.Outer$2: changed method: run()V"), out);
        assertFalse(out.contains("Outer$1:"), out);
        assertTrue(built.text("demo.Outer$Nested$$Patch").contains("GETFIELD demo/Outer.secret"), "nestmate private access");
    }

    @Test
    void anAnonymousClassRenumberedByAnEarlierOneIsNotAChange() throws Exception {
        String body = "public Runnable a() { return %s; }\n public Runnable b() { return new Runnable() { public void run() {} }; }";
        Built built = built(a(String.format(body, "() -> {}")), a(String.format(body, "() -> System.gc()")));
        assertFalse(built.run().out().contains("b()"), built.run().out());
    }

    @Test
    void interfaceDefaultStaticAndPrivateMethods() throws Exception {
        Map<String, String> old = Map.of("demo/I.java", "package demo;\npublic interface I {\n int n();\n"
                + " default int d() { return n(); }\n static int s(int x) { return x; }\n}\n");
        Map<String, String> now = Map.of("demo/I.java", "package demo;\npublic interface I {\n int n();\n"
                + " default int d() { return helper() * n(); }\n static int s(int x) { return -x; }\n"
                + " private int helper() { return 2; }\n}\n");
        Built built = built(old, now);
        assertEquals(new MethodRef("d", "(Ldemo/I;)I"), built.func("demo.I", "d()I").replacement().method());
        assertEquals(new MethodRef("s", "(I)I"), built.func("demo.I", "s(I)I").replacement().method());
        assertTrue(built.run().out().contains("demo.I: carried: new private method helper()I as demo.I$$Patch.helper(Ldemo/I;)I"),
                built.run().out());
        assertTrue(built.text("demo.I$$Patch").contains("INVOKEINTERFACE demo/I.n ()I (itf)"), built.text("demo.I$$Patch"));
    }

    @Test
    void superCallsAndProtectedFieldsThroughAccess() throws Exception {
        String cls = "package demo;\npublic class H extends java.util.AbstractList<String> {\n"
                + " public String get(int i) { return \"x\"; } public int size() { return 1; }\n"
                + " public int touch() { return %s; }\n public String toString() { return %s; }\n}\n";
        Built built = built(Map.of("demo/H.java", String.format(cls, "modCount", "super.toString()")),
                Map.of("demo/H.java", String.format(cls, "++modCount", "\"H\" + super.toString()")));
        String text = built.text("demo.H$$Patch");
        assertTrue(text.contains("INVOKEDYNAMIC modCount(Ldemo/H;)I") && text.contains("io/jlivepatch/runtime/Access.member"),
                text);
        assertTrue(text.contains("INVOKEDYNAMIC toString(Ldemo/H;)Ljava/lang/String;"), text);
        assertFalse(text.contains("INVOKESPECIAL"), "no invokespecial outside the target's class\n" + text);
    }

    @Test
    void switchMapsAndTheAssertionFlagAreCarried() throws Exception {
        String color = "package demo;\npublic enum Color { RED, GREEN, BLUE }\n";
        Map<String, String> old = Map.of("demo/Color.java", color, "demo/S.java", "package demo;\npublic class S {\n"
                + " public static int shelf(Color c) { switch (c) { case RED: return 1; default: return 0; } }\n}\n");
        Map<String, String> now = Map.of("demo/Color.java", color, "demo/S.java", "package demo;\npublic class S {\n"
                + " public static int shelf(Color c) { assert c != null; switch (c) { case RED: return 1; case BLUE: return 3;"
                + " default: return 0; } }\n}\n");
        Built built = built(old, now);
        String out = built.run().out();
        assertTrue(out.contains("demo.S: carried: switch map demo.S$1 as fields of demo.S$$Patch"), out);
        assertTrue(out.contains("demo.S: carried: assertion flag $assertionsDisabled"), out);
        assertFalse(out.contains(": refused:"), out);
        String text = built.text("demo.S$$Patch");
        assertTrue(text.contains("GETSTATIC demo/S$$Patch.$SwitchMap$demo$Color : [I"), text);
        assertTrue(text.contains("GETSTATIC demo/S$$Patch.$assertionsDisabled : Z"), text);
    }

    @Test
    void renumberedAccessorsOfPreNestmateCodeAreCalledByTheirRunningNames() throws Exception {
        String outer = "package demo;\npublic class Outer {\n private int a = 1; private int b = 2;\n"
                + " public class First { public int get() { return %s; } }\n"
                + " public class Second { public int get() { return a * 10; } }\n}\n";
        Built built = built(Map.of("demo/Outer.java", String.format(outer, "b")),
                Map.of("demo/Outer.java", String.format(outer, "b + 1")), "--release", "8");
        assertTrue(built.run().out().contains("demo.Outer$First: changed method: get()I"), built.run().out());
        assertFalse(built.run().out().contains("Second"), built.run().out());
    }

    @Test
    void newAnonymousAndHelperClassesCreatedByChangedCodeAreCarried() throws Exception {
        Map<String, String> old = a("private int secret = 7;\n"
                + " public Runnable r(boolean b) { return null; }\n"
                + " public Function<Integer, String> f() { return null; }");
        Map<String, String> now = BuildRefusalTest.merge(a("private int secret = 7;\n"
                + " public Runnable r(boolean b) { return new Runnable() { public void run() {"
                + " System.out.println(secret + (b ? 1 : 2)); } }; }\n"
                + " public Function<Integer, String> f() { return new Labels(secret > 0 ? \"+\" : \"-\", List.of(1)); }"),
                Map.of("demo/Labels.java", "package demo;\nimport java.util.*;\nimport java.util.function.*;\n"
                        + "final class Labels implements Function<Integer, String> {\n"
                        + " private final String prefix; private final List<Integer> extra;\n"
                        + " Labels(String prefix, List<Integer> extra) { this.prefix = prefix; this.extra = extra; }\n"
                        + " public String apply(Integer v) { return prefix + v + extra.stream().map(e -> \"/\" + e).reduce(\"\", String::concat); }\n}\n"));
        Built built = built(old, now);
        String out = built.run().out();
        assertTrue(out.contains("demo.A: carried: new class demo.A$1 as a hidden nestmate that demo.A$$Patch defines"), out);
        assertTrue(out.contains("demo.A: carried: new class demo.Labels as a hidden nestmate"), out);
        assertFalse(out.contains(": refused:"), out);
        String text = built.text("demo.A$$Patch");
        assertFalse(text.contains("NEW demo/Labels"), text);
        assertTrue(text.contains("INVOKEDYNAMIC new(Ldemo/A;Z)Ljava/lang/Object;"), text);
        // the carried class files verify too
        for (String piece : carriedClassFiles(built.classes().get("demo.A$$Patch"))) {
            byte[] classFile = piece.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            Builds.verify(Map.of(new ClassReader(classFile).getClassName(), classFile), dir.resolve("old").toUri().toURL());
        }
    }

    /** The class files the replacement class carries for NewClasses.construct, joined from their pieces. */
    private static List<String> carriedClassFiles(byte[] replacement) {
        List<String> files = new java.util.ArrayList<>();
        org.objectweb.asm.tree.ClassNode node = new org.objectweb.asm.tree.ClassNode();
        new ClassReader(replacement).accept(node, 0);
        for (org.objectweb.asm.tree.MethodNode method : node.methods) {
            for (org.objectweb.asm.tree.AbstractInsnNode insn : method.instructions) {
                if (insn instanceof org.objectweb.asm.tree.InvokeDynamicInsnNode indy
                        && indy.bsm.getOwner().equals("io/jlivepatch/runtime/NewClasses")) {
                    StringBuilder file = new StringBuilder();
                    for (Object piece : indy.bsmArgs) {
                        file.append((String) piece);
                    }
                    files.add(file.toString());
                }
            }
        }
        assertFalse(files.isEmpty(), "no NewClasses call site");
        return files;
    }

    @Test
    void debugOnlyDifferencesAreNoChange() throws Exception {
        Map<String, String> source = a("public int m(int x) {\n int y = x * 2;\n return y + 1;\n}");
        Path old = Javac.compile(dir, "old", source, "-g");
        Path now = Javac.compile(dir, "new", Map.of("demo/A.java", source.get("demo/A.java").replace("\n int y", "\n\n\n int y")),
                "-g:none");
        Builds.Run run = Builds.build(1, old, now, dir.resolve("fix.jar"));
        assertTrue(run.err().contains("no changed methods: nothing to patch"), run.all());
    }

    @Test
    void theSameInputsGiveAByteIdenticalJar() throws Exception {
        Path old = Javac.compile(dir, "old", a("public int m() { return 1; } public int n() { return 2; }"));
        Path now = Javac.compile(dir, "new", a("public int m() { return 10; } public int n() { return 20; }"));
        Builds.build(0, old, now, dir.resolve("one.jar"));
        Builds.build(0, old, now, dir.resolve("two.jar"));
        assertArrayEquals(Files.readAllBytes(dir.resolve("one.jar")), Files.readAllBytes(dir.resolve("two.jar")));
    }

    @Test
    void fatJarsAreReadFromTheirClassesDirectory() throws Exception {
        Path old = Javac.compile(dir, "old", a("public int m() { return 1; }"));
        Path now = Javac.compile(dir, "new", a("public int m() { return 2; }"));
        Path oldJar = fatJar(old, dir.resolve("app-1.jar"));
        Path newJar = fatJar(now, dir.resolve("app-2.jar"));
        Builds.Run run = Builds.build(0, oldJar, newJar, dir.resolve("fix.jar"));
        assertTrue(run.out().contains("demo.A: changed method: m()I"), run.out());
    }

    /** A Spring Boot style jar: the application's classes under BOOT-INF/classes/, a nested library jar. */
    private static Path fatJar(Path classes, Path jar) throws Exception {
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(jar))) {
            zip.putNextEntry(new java.util.zip.ZipEntry("BOOT-INF/classes/demo/A.class"));
            zip.write(Files.readAllBytes(classes.resolve("demo/A.class")));
            zip.putNextEntry(new java.util.zip.ZipEntry("BOOT-INF/lib/library.jar"));
            zip.write(new byte[] {1, 2, 3});
        }
        return jar;
    }

    @Test
    void aRequestIsCheckedWholeBeforeAnyWork() {
        // the command line's usage errors (exit 2) are the CLI's: agent's BuildVerbTest
        Path x = dir.resolve("x.jar");
        assertThrows(IllegalArgumentException.class, () -> BuildRequest.generated("bad name!", x, x, x));
        assertThrows(IllegalArgumentException.class, () -> BuildRequest.generated("fix", x, null, x));
        assertThrows(IllegalArgumentException.class, () -> new BuildRequest("fix", null, x, x, false, List.of(), x));
        assertThrows(IllegalArgumentException.class, () -> BuildRequest.generated("fix", x, x, x)
                .withStates(List.of(new io.jlivepatch.core.model.SystemState(3, 1), new io.jlivepatch.core.model.SystemState(3, 2))));
    }

    @Test
    void aMissingVersionFailsNamingIt() {
        Builds.Run missing = Builds.command(BuildRequest.generated("x", dir.resolve("nope"), Path.of("b"), Path.of("x.jar")));
        assertEquals(1, missing.exit());
        assertTrue(missing.err().contains("nope"), missing.err());
    }

    @Test
    void manifestAttributesAndStates() throws Exception {
        Path old = Javac.compile(dir, "old", a("public int m() { return 1; }"));
        Path now = Javac.compile(dir, "new", a("public int m() { return 2; }"));
        Path jar = dir.resolve("fix.jar");
        Builds.Run run = Builds.command(BuildRequest.generated("fix-7", old, now, jar).withReplace(true)
                .withStates(List.of(io.jlivepatch.core.model.SystemState.parse("3:1"))));
        assertEquals(0, run.exit(), run.all());
        Patch patch = PatchJarReader.read(jar);
        assertEquals("fix-7", patch.name());
        assertTrue(patch.replace());
        assertEquals(List.of(new io.jlivepatch.core.model.SystemState(3, 1)), patch.states());
        assertTrue(run.out().contains("jlivepatch: wrote " + jar + ": patch 'fix-7', 1 object(s), 1 func(s), sha256 "), run.out());
    }

    @Test
    void handWrittenPatchClassesArePackagedAndFingerprinted() throws Exception {
        Path app = Javac.compile(dir, "app", a("public String greet(String n) { return \"hi \" + n; }"));
        Path patchClasses = Javac.compile(dir, "patch", Map.of("fix/GreetFix.java", "package fix;\n"
                + "import io.jlivepatch.api.Replace;\nimport io.jlivepatch.api.TargetClass;\n"
                + "@TargetClass(\"demo.A\")\npublic final class GreetFix {\n"
                + " @Replace static String greet(demo.A self, String n) { return \"hello \" + n; }\n}\n"),
                "-classpath", app + java.io.File.pathSeparator + System.getProperty("java.class.path"));
        Path jar = dir.resolve("hand.jar");
        Builds.Run run = Builds.command(BuildRequest.handWritten("hand", patchClasses, app, jar));
        assertEquals(0, run.exit(), run.all());
        Patch patch = PatchJarReader.read(jar);
        PatchFunc func = patch.object("demo.A").func(MethodRef.parse("greet(Ljava/lang/String;)Ljava/lang/String;"));
        assertEquals(Fingerprints.of(Files.readAllBytes(app.resolve("demo/A.class")))
                .get(MethodRef.parse("greet(Ljava/lang/String;)Ljava/lang/String;")), func.fingerprint());
        Builds.Run none = Builds.command(BuildRequest.handWritten("empty", app, null, dir.resolve("e.jar")));
        assertEquals(1, none.exit());
        assertTrue(none.err().contains("no @TargetClass class with @Replace methods"), none.err());
    }
}
