package io.jlivepatch.build;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a build found, class by class, in the manner of kpatch-build's output: changed methods (the
 * funcs), new code the patch carries, refused changes and notes (differences that need no patching
 * and are not applied, such as a generic signature or a removed private method).
 *
 * <p>Not thread-safe: one instance collects one build.
 */
final class Report {

    /** The kinds of line, in the order they are printed for a class. */
    enum Kind {
        CHANGED("changed method"),
        CARRIED("carried"),
        REFUSED("refused"),
        NOTE("note");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    private record Line(Kind kind, String text) {}

    /** Lines by class (binary name), classes in name order, lines in the order found, duplicates dropped. */
    private final Map<String, Set<Line>> byClass = new TreeMap<>();
    private int compared;
    private int identical;

    void changed(String className, String method) {
        add(className, Kind.CHANGED, method);
    }

    void carried(String className, String what) {
        add(className, Kind.CARRIED, what);
    }

    void refused(String className, String message) {
        add(className, Kind.REFUSED, message);
    }

    void note(String className, String message) {
        add(className, Kind.NOTE, message);
    }

    void compared(boolean same) {
        compared++;
        if (same) {
            identical++;
        }
    }

    private void add(String className, Kind kind, String text) {
        byClass.computeIfAbsent(className.replace('/', '.'), k -> new LinkedHashSet<>()).add(new Line(kind, text));
    }

    int count(Kind kind) {
        int n = 0;
        for (Set<Line> lines : byClass.values()) {
            for (Line line : lines) {
                n += line.kind() == kind ? 1 : 0;
            }
        }
        return n;
    }

    /** The refusal messages, in print order. */
    List<String> refusals() {
        List<String> refusals = new ArrayList<>();
        byClass.forEach((c, lines) -> lines.stream().filter(l -> l.kind() == Kind.REFUSED)
                .forEach(l -> refusals.add(c + ": " + l.text())));
        return refusals;
    }

    boolean isRefused() {
        return count(Kind.REFUSED) > 0;
    }

    int classesCompared() {
        return compared;
    }

    int classesIdentical() {
        return identical;
    }

    /** Prints one line per finding, {@code class: kind: text}, classes in name order, kinds in order. */
    void print(PrintStream out) {
        byClass.forEach((className, lines) -> {
            for (Kind kind : Kind.values()) {
                for (Line line : lines) {
                    if (line.kind() == kind) {
                        out.println(className + ": " + kind.label + ": " + line.text());
                    }
                }
            }
        });
    }

    /** The counts, one line. */
    String totals() {
        return count(Kind.CHANGED) + " changed method(s), " + count(Kind.CARRIED) + " carried, "
                + count(Kind.REFUSED) + " refused, " + count(Kind.NOTE) + " note(s); " + compared
                + " class(es) compared, " + identical + " identical";
    }
}
