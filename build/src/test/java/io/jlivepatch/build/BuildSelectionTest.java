package io.jlivepatch.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlivepatch.core.model.Patch;
import io.jlivepatch.core.model.PatchObject;
import io.jlivepatch.core.reader.PatchJarReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --only} and {@code --exclude}: a build of part of the difference keeps the selected funcs
 * and what their code needs, refuses only what that needs and a running JVM cannot take, lists the
 * rest in one line, and treats a selector that names nothing as a usage error.
 */
class BuildSelectionTest {

    @TempDir
    Path dir;

    /** A release that fixes {@code check} and also adds a field and a public method (refused as a whole). */
    private static final Map<String, String> OLD = a("""
            public boolean check(String s) { return s != null; }
            public boolean check(String s, int max) { return s != null; }
            public int size() { return 1; }
            """);
    private static final Map<String, String> NEW = a("""
            private int calls;
            public boolean check(String s) { return s != null && ok(s); }
            public boolean check(String s, int max) { return s != null && s.length() <= max; }
            public int size() { calls++; return 2; }
            public int calls() { return calls; }
            private static boolean ok(String s) { return !s.contains("<"); }
            """);

    private static Map<String, String> a(String body) {
        return Map.of("demo/A.java", "package demo;\nimport java.util.*;\nimport java.util.function.*;\n"
                + "public class A {\n" + body + "\n}\n");
    }

    private Builds.Run run(int expected, Map<String, String> old, Map<String, String> now, List<String> only,
                           List<String> exclude) throws Exception {
        Path jar = dir.resolve("fix.jar");
        Files.deleteIfExists(jar);
        BuildRequest request = BuildRequest.generated("fix", Javac.compile(dir, "old", old), Javac.compile(dir, "new", now), jar)
                .withSelection(only.stream().map(Selector::parse).toList(), exclude.stream().map(Selector::parse).toList());
        Builds.Run run = Builds.command(request);
        assertEquals(expected, run.exit(), run.all());
        assertEquals(expected == 0, Files.exists(jar), "a jar exactly when the build succeeds:\n" + run.all());
        return run;
    }

    private Patch patch() throws Exception {
        Patch patch = PatchJarReader.read(dir.resolve("fix.jar"));
        Builds.verify(patch.classes().keySet().stream().collect(Collectors.toMap(c -> c, patch::classBytes)),
                dir.resolve("old").toUri().toURL());
        return patch;
    }

    private static List<String> funcs(Patch patch, String className) {
        PatchObject object = patch.object(className);
        assertNotNull(object, "no object " + className + " in " + patch.objects());
        return object.funcs().stream().map(f -> f.method().name() + f.method().descriptor()).sorted().toList();
    }

    @Test
    void theWholeReleaseIsRefusedButOneMethodOfItBuilds() throws Exception {
        Builds.Run all = run(1, OLD, NEW, List.of(), List.of());
        assertTrue(all.out().contains("demo.A: refused: added field demo.A.calls"), all.out());

        Builds.Run run = run(0, OLD, NEW, List.of("demo.A#check(Ljava/lang/String;)"), List.of());
        assertEquals(List.of("check(Ljava/lang/String;)Z"), funcs(patch(), "demo.A"));
        assertTrue(run.out().contains("demo.A: carried: new private method ok(Ljava/lang/String;)Z"), run.out());
        assertFalse(run.out().contains(": refused:"), run.out());
        // size, check(String, int), the field, the public method: four findings, one line
        assertTrue(run.out().contains("jlivepatch: 'fix': left out by the selection: 4 finding(s) in 1 class(es): demo.A (4)"),
                run.out());
    }

    @Test
    void aMethodNameSelectsEveryOverloadAndADescriptorOne() throws Exception {
        run(0, OLD, NEW, List.of("demo.A#check"), List.of());
        assertEquals(List.of("check(Ljava/lang/String;)Z", "check(Ljava/lang/String;I)Z"), funcs(patch(), "demo.A"));
        run(0, OLD, NEW, List.of("demo.A#check(Ljava/lang/String;I)Z"), List.of());
        assertEquals(List.of("check(Ljava/lang/String;I)Z"), funcs(patch(), "demo.A"));
    }

    @Test
    void aSelectedMethodThatNeedsWhatTheJvmCannotTakeIsRefusedPrecisely() throws Exception {
        Builds.Run run = run(1, OLD, NEW, List.of("demo.A#size"), List.of());
        assertTrue(run.out().contains("demo.A: refused: demo.A.size()I uses demo.A.calls (I), which the running demo.A does not declare"), run.out());
        // the added field itself is a declaration: left out, not refused twice
        assertFalse(run.out().contains("refused: added field"), run.out());
        assertTrue(run.err().contains("refused: 1 unsupported change(s)"), run.err());
    }

    @Test
    void aWholeClassSelectsItsDeclarationsToo() throws Exception {
        Builds.Run run = run(1, OLD, NEW, List.of("demo.A"), List.of());
        assertTrue(run.out().contains("demo.A: refused: added field demo.A.calls"), run.out());
    }

    @Test
    void excludeLeavesOutWhatItNames() throws Exception {
        Builds.Run run = run(1, OLD, NEW, List.of(), List.of("demo.A#size"));
        assertTrue(run.out().contains("refused: added field demo.A.calls"), "declarations stay: " + run.out());
        run = run(0, a("public int m() { return 1; } public int n() { return 1; }"),
                a("public int m() { return 2; } public int n() { return 2; }"), List.of(), List.of("demo.A#n"));
        assertEquals(List.of("m()I"), funcs(patch(), "demo.A"));
        assertTrue(run.out().contains("left out by the selection: 1 finding(s) in 1 class(es): demo.A (1)"), run.out());
    }

    @Test
    void aChangedPrivateHelperTheSelectionCallsIsCarriedNotPatched() throws Exception {
        Builds.Run run = run(0,
                a("public int m() { return h(); } public int n() { return h(); } private int h() { return 1; }"),
                a("public int m() { return h() + 1; } public int n() { return h() + 2; } private int h() { return 2; }"),
                List.of("demo.A#m"), List.of());
        Patch patch = patch();
        assertEquals(List.of("m()I"), funcs(patch, "demo.A"), "n and h keep their running code");
        assertTrue(run.out().contains("demo.A: carried: changed private method h()I as demo.A$$Patch.h(Ldemo/A;)I"), run.out());
        assertTrue(run.out().contains("left out by the selection: 2 finding(s) in 1 class(es): demo.A (2)"), run.out());
    }

    @Test
    void aCalleeWhoseChangeIsLeftOutIsNoted() throws Exception {
        Builds.Run run = run(0, a("public int m() { return n(); } public int n() { return 1; }"),
                a("public int m() { return n() + 1; } public int n() { return 2; }"), List.of("demo.A#m"), List.of());
        assertTrue(run.out().contains("demo.A: note: demo.A.m()I calls n()I, whose change the selection leaves out:"
                + " it calls the running version"), run.out());
    }

    @Test
    void anUnchangedCallerNamedBySelectorIsPatchedToKeepAContract() throws Exception {
        // the fix changes what subtotal() returns and how render() reads it; quote() calls both
        Map<String, String> old = a("""
                public String quote() { return render(subtotal()); }
                public int subtotal() { return 100; }
                public String render(int cents) { return cents + " cents"; }
                """);
        Map<String, String> now = a("""
                public String quote() { return render(subtotal()); }
                public int subtotal() { return 1; }
                public String render(int euros) { return euros + " euro"; }
                """);
        Builds.Run run = run(0, old, now, List.of("demo.A#subtotal", "demo.A#render", "demo.A#quote()"), List.of());
        assertEquals(List.of("quote()Ljava/lang/String;", "render(I)Ljava/lang/String;", "subtotal()I"),
                funcs(patch(), "demo.A"));
        assertTrue(run.out().contains("demo.A: changed method: quote()Ljava/lang/String; (unchanged; selected by name,"
                + " patched to keep its callees' contract)"), run.out());
        assertTrue(run.out().contains("3 changed method(s)"), run.out());
        // a class selector, or a method name without its descriptor, adds no unchanged method
        run(0, old, now, List.of("demo.A"), List.of());
        assertEquals(List.of("render(I)Ljava/lang/String;", "subtotal()I"), funcs(patch(), "demo.A"));
        run(0, old, now, List.of("demo.A#subtotal", "demo.A#render", "demo.A#quote"), List.of());
        assertEquals(List.of("render(I)Ljava/lang/String;", "subtotal()I"), funcs(patch(), "demo.A"));
        // the caller alone, in a class whose code is the same in both versions
        run(0, old, old, List.of("demo.A#quote()Ljava/lang/String;"), List.of());
        assertEquals(List.of("quote()Ljava/lang/String;"), funcs(patch(), "demo.A"));
        Builds.Run excluded = run(1, old, old, List.of("demo.A#quote()"), List.of("demo.A#quote"));
        assertTrue(excluded.err().contains("no changed methods: nothing to patch"), excluded.err());
    }

    @Test
    void anAnonymousClassBelongsToTheMethodItIsWrittenIn() throws Exception {
        Map<String, String> old = a("""
                public Comparator<String> order() { return new Comparator<String>() {
                    public int compare(String x, String y) { return x.compareTo(y); } }; }
                public int other() { return 1; }
                """);
        Map<String, String> now = a("""
                public Comparator<String> order() { return new Comparator<String>() {
                    public int compare(String x, String y) { return y.compareTo(x); } }; }
                public int other() { return 2; }
                """);
        run(0, old, now, List.of("demo.A#order"), List.of());
        Patch patch = patch();
        assertEquals(List.of("compare(Ljava/lang/String;Ljava/lang/String;)I"), funcs(patch, "demo.A$1"));
        assertNull(patch.object("demo.A"), "other() is left out and order() itself did not change");
        run(0, old, now, List.of(), List.of("demo.A#order"));
        assertEquals(List.of("other()I"), funcs(patch(), "demo.A"));
        assertNull(patch().object("demo.A$1"));
    }

    @Test
    void aNewClassOutsideTheSelectionIsLeftOutNotRefused() throws Exception {
        Map<String, String> old = Map.of("demo/A.java", "package demo; public class A { public int m() { return 1; } }");
        Map<String, String> now = Map.of("demo/A.java", "package demo; public class A { public int m() { return 2; } }",
                "demo/B.java", "package demo; public class B { public static int k() { return 3; } }");
        Builds.Run run = run(0, old, now, List.of("demo.A"), List.of());
        assertTrue(run.out().contains("left out by the selection: 1 finding(s) in 1 class(es): demo.B (1)"), run.out());
        run = run(1, old, now, List.of("demo.B"), List.of());
        assertTrue(run.out().contains("demo.B: refused: new class demo.B"), run.out());
    }

    @Test
    void aSelectorThatNamesNothingIsAUsageErrorNamingIt() throws Exception {
        Builds.Run run = run(2, OLD, NEW, List.of("demo.Nope"), List.of());
        assertEquals("jlivepatch: build 'fix': --only demo.Nope matches nothing: neither version has class demo.Nope\n",
                run.err());
        run = run(2, OLD, NEW, List.of("demo.A#check"), List.of("demo.A#chek"));
        assertTrue(run.err().contains("--exclude demo.A#chek matches nothing: neither version of demo.A has method chek"),
                run.err());
        run = run(2, OLD, NEW, List.of("demo.A#check(I)"), List.of());
        assertTrue(run.err().contains("--only demo.A#check(I) matches nothing"), run.err());
        assertEquals("", run.out(), "nothing is compared");
    }

    @Test
    void selectorsParseAndRejectWhatIsNotOne() {
        assertEquals(new Selector("a.B$C", "m", "(I)"), Selector.parse("a.B$C#m(I)"));
        assertEquals(new Selector("a.B", null, null), Selector.parse("a.B"));
        assertTrue(Selector.parse("a.B").coversClass("a.B$1"));
        assertFalse(Selector.parse("a.B").coversClass("a.Bc"));
        assertTrue(Selector.parse("a.B#m(I)").selectsMethod("a.B", "m", "(I)V"));
        assertFalse(Selector.parse("a.B#m(I)").selectsMethod("a.B", "m", "(II)V"));
        assertTrue(Selector.parse("a.B#m(I)V").selectsMethod("a.B", "m", "(I)V"));
        assertFalse(Selector.parse("a.B#m(I)I").selectsMethod("a.B", "m", "(I)V"));
        for (String bad : List.of("a/B", "a.B#", "a.B#m(I", ".B", "a.B#x.y")) {
            assertThrows(IllegalArgumentException.class, () -> Selector.parse(bad), bad);
        }
    }

    @Test
    void handWrittenPatchesTakeNoSelection() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BuildRequest.handWritten("fix",
                dir, null, dir.resolve("x.jar")).withSelection(List.of(Selector.parse("a.B")), List.of()));
        assertTrue(e.getMessage().contains("--only and --exclude"), e.getMessage());
    }
}
