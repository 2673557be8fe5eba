package io.jlivepatch.build;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every change a loaded class cannot take is refused with a message naming the class and the
 * member; a refused build writes no jar and exits 1.
 */
class BuildRefusalTest {

    @TempDir
    Path dir;

    /** Builds {@code old} -> {@code now} (sources of package demo), expects a refusal with every text in {@code expected}. */
    private Builds.Run refused(Map<String, String> old, Map<String, String> now, String... expected) throws Exception {
        Path jar = dir.resolve("fix.jar");
        Builds.Run run = Builds.build(1, Javac.compile(dir, "old", old), Javac.compile(dir, "new", now), jar);
        for (String text : expected) {
            assertTrue(run.out().contains(text), "expected '" + text + "' in:\n" + run.all());
        }
        assertTrue(run.err().contains("jlivepatch: 'fix': refused: ") && run.err().contains("no patch written"), run.err());
        assertFalse(Files.exists(jar), "a refused build writes no jar");
        return run;
    }

    private static Map<String, String> a(String body) {
        return Map.of("demo/A.java", "package demo;\npublic class A {\n" + body + "\n}\n");
    }

    @Test
    void addedField() throws Exception {
        refused(a("public int m() { return 1; }"), a("private int count; public int m() { return ++count; }"),
                "demo.A: refused: added field demo.A.count (I): a loaded class cannot gain fields; keep the new state"
                        + " in a shadow variable (io.jlivepatch.api.Shadow)");
    }

    @Test
    void removedField() throws Exception {
        refused(a("private int count; public int m() { return 1; }"), a("public int m() { return 1; }"),
                "demo.A: refused: removed field demo.A.count (I)");
    }

    @Test
    void retypedField() throws Exception {
        refused(a("private int count; public long m() { return count; }"), a("private long count; public long m() { return count; }"),
                "demo.A: refused: changed the type of field demo.A.count from I to J", "io.jlivepatch.api.Shadow");
    }

    @Test
    void changedSignature() throws Exception {
        refused(a("public int m(int x) { return x; }"), a("public int m(long x) { return (int) x; }"),
                "demo.A: refused: changed the signature of demo.A.m from (I)I to (J)I");
    }

    @Test
    void changedSuperclass() throws Exception {
        Map<String, String> base = Map.of("demo/Base.java", "package demo;\npublic class Base {}\n");
        refused(merge(base, a("public int m() { return 1; }")), merge(base, Map.of("demo/A.java",
                "package demo;\npublic class A extends Base { public int m() { return 1; } }\n")),
                "demo.A: refused: changed the superclass of demo.A from java.lang.Object to demo.Base");
    }

    @Test
    void changedInterfaces() throws Exception {
        refused(a("public void run() {}"), Map.of("demo/A.java", "package demo;\npublic class A implements Runnable {"
                + " public void run() {} }\n"), "demo.A: refused: changed the interfaces of demo.A (added [java.lang.Runnable]");
    }

    @Test
    void changedStaticInitialiser() throws Exception {
        refused(a("static final java.util.List<String> L = java.util.List.of(\"a\"); public int m() { return L.size(); }"),
                a("static final java.util.List<String> L = java.util.List.of(\"a\", \"b\"); public int m() { return L.size(); }"),
                "demo.A: refused: changed static initialiser demo.A.<clinit>");
    }

    @Test
    void changedEnumConstants() throws Exception {
        refused(Map.of("demo/Color.java", "package demo;\npublic enum Color { RED, GREEN }\n"),
                Map.of("demo/Color.java", "package demo;\npublic enum Color { RED, GREEN, BLUE }\n"),
                "demo.Color: refused: changed the constants of enum demo.Color (added [BLUE], removed [])");
    }

    @Test
    void changedConstructor() throws Exception {
        refused(a("private final int x; public A(int x) { this.x = x; }"), a("private final int x; public A(int x) { this.x = Math.abs(x); }"),
                "demo.A: refused: changed constructor demo.A.<init>(I)V");
    }

    @Test
    void methodMadeAbstractOrNative() throws Exception {
        refused(Map.of("demo/A.java", "package demo;\npublic abstract class A { public int m() { return 1; } }\n"),
                Map.of("demo/A.java", "package demo;\npublic abstract class A { public abstract int m(); }\n"),
                "demo.A: refused: changed the modifiers of demo.A.m()I from public to public abstract");
        refused(a("public int n() { return 1; }"), a("public native int n();"),
                "demo.A: refused: changed the modifiers of demo.A.n()I from public to public native");
    }

    @Test
    void addedMethodThatIsNotPrivate() throws Exception {
        refused(a("public int m() { return 1; }"), a("public int m() { return extra(); } public int extra() { return 2; }"),
                "demo.A: refused: added method demo.A.extra()I: a loaded class cannot gain methods; make it private so"
                        + " that the patch can carry it");
    }

    @Test
    void aNewClassUsedOtherThanByCreatingIt() throws Exception {
        refused(a("public int m() { return 1; }"), merge(a("public int m() { return Helper.twice(1); }"),
                Map.of("demo/Helper.java", "package demo;\nclass Helper { static int twice(int i) { return 2 * i; } }\n")),
                "demo.Helper: refused: new class demo.Helper: a patch adds a class only where changed code creates it"
                        + " (new X(...)) and uses it through its superclass or interfaces",
                "demo.A: refused: demo.A.m()I uses class demo.Helper, which the running application lacks: a patch adds"
                        + " a class only where changed code creates it (new Helper(...))");
    }

    @Test
    void aNewClassInAnotherPackage() throws Exception {
        refused(a("public Object m() { return null; }"), merge(a("public Object m() { return new other.Helper(); }"),
                Map.of("other/Helper.java", "package other;\npublic class Helper {}\n")),
                "demo.A: refused: demo.A.m()Ljava/lang/Object; creates new class other.Helper, which cannot be carried:"
                        + " it is in another package than demo.A");
    }

    @Test
    void aNewClassThatUsesAnotherNewClass() throws Exception {
        refused(a("public Object m() { return null; }"), merge(a("public Object m() { return new Helper(); }"),
                Map.of("demo/Helper.java", "package demo;\nclass Helper { Object o = new Other(); }\n",
                        "demo/Other.java", "package demo;\nclass Other {}\n")),
                "creates new class demo.Helper, which cannot be carried: its method <init>()V uses class demo.Other,"
                        + " which the running application lacks too");
    }

    @Test
    void newSerializableLambda() throws Exception {
        refused(a("public Runnable m() { return null; }"),
                a("public Runnable m() { return (Runnable & java.io.Serializable) () -> {}; }"),
                "demo.A: refused: added a serializable lambda to demo.A");
    }

    @Test
    void aMemberTheRunningClassLacks() throws Exception {
        Map<String, String> old = merge(a("public int m(B b) { return b.x; }"),
                Map.of("demo/B.java", "package demo;\npublic class B { public int x; }\n"));
        Map<String, String> now = merge(a("public int m(B b) { return b.x + b.y(); }"),
                Map.of("demo/B.java", "package demo;\npublic class B { public int x; public int y() { return 1; } }\n"));
        refused(old, now, "demo.A: refused: demo.A.m(Ldemo/B;)I uses demo.B.y()I, which the running demo.B does not declare");
    }

    @Test
    void aNewAccessorOfPreNestmateCode() throws Exception {
        // --release 8: an inner class reaches the outer's private field through a synthetic access$N
        Map<String, String> old = Map.of("demo/Outer.java", "package demo;\npublic class Outer {\n"
                + " private int a = 1; private int b = 2;\n"
                + " public class Inner { public int get() { return a; } }\n}\n");
        Map<String, String> now = Map.of("demo/Outer.java", "package demo;\npublic class Outer {\n"
                + " private int a = 1; private int b = 2;\n"
                + " public class Inner { public int get() { return a + b; } }\n}\n");
        Path jar = dir.resolve("fix.jar");
        Builds.Run run = Builds.build(1, Javac.compile(dir, "old", old, "--release", "8"),
                Javac.compile(dir, "new", now, "--release", "8"), jar);
        assertTrue(run.out().contains("demo.Outer$Inner: refused: demo.Outer$Inner.get()I uses accessor demo.Outer.access$"),
                run.all());
        assertTrue(run.out().contains("which the running demo.Outer has no equivalent of"), run.all());
    }

    static Map<String, String> merge(Map<String, String> a, Map<String, String> b) {
        Map<String, String> all = new java.util.HashMap<>(a);
        all.putAll(b);
        return all;
    }
}
