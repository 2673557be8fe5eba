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

    /**
     * Which findings a build keeps: a selection ({@code --only}, {@code --exclude}) leaves the
     * others out, counted in {@link #leftOut()}.
     */
    @FunctionalInterface
    interface Scope {
        /** Keeps everything. */
        Scope ALL = (dottedClass, member) -> true;

        /**
         * Whether a finding about {@code member} ({@code name + descriptor} of a method, or
         * {@link #DECLARATIONS}) of class {@code dottedClass} is kept.
         */
        boolean keeps(String dottedClass, String member);
    }

    /** The member of findings about what a class declares (header, fields, enum constants) rather than a method. */
    static final String DECLARATIONS = "";

    /** Lines by class (binary name), classes in name order, lines in the order found, duplicates dropped. */
    private final Map<String, Set<Line>> byClass = new TreeMap<>();
    /** Findings the scope left out, by class. */
    private final Map<String, Integer> leftOut = new TreeMap<>();
    private final Scope scope;
    private int compared;
    private int identical;
    private int findings;

    /** A report that keeps every finding. */
    Report() {
        this(Scope.ALL);
    }

    /** A report that keeps the findings {@code scope} keeps. */
    Report(Scope scope) {
        this.scope = scope;
    }

    /** Whether the scope keeps findings about {@code member} of {@code className} (binary or internal name). */
    boolean keeps(String className, String member) {
        return scope.keeps(className.replace('/', '.'), member);
    }

    void changed(String className, String method) {
        add(className, method, Kind.CHANGED, method);
    }

    /**
     * A func whose code did not change, patched because a selector names it (a caller kept on one
     * side of a changed contract); counted with the changed methods.
     */
    void selectedUnchanged(String className, String method) {
        add(className, Kind.CHANGED, method + " (unchanged; selected by name, patched to keep its callees' contract)");
    }

    /** A refusal of a difference in {@code member} (or {@link #DECLARATIONS}), which the scope may leave out. */
    void refused(String className, String member, String message) {
        add(className, member, Kind.REFUSED, message);
    }

    /** A note on a difference in {@code member} (or {@link #DECLARATIONS}), which the scope may leave out. */
    void note(String className, String member, String message) {
        add(className, member, Kind.NOTE, message);
    }

    /** Counts a finding about {@code className} that the caller left out of the scope. */
    void leftOut(String className) {
        findings++;
        leftOut.merge(className.replace('/', '.'), 1, Integer::sum);
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

    private void add(String className, String member, Kind kind, String text) {
        if (keeps(className, member)) {
            add(className, kind, text);
        } else {
            leftOut(className);
        }
    }

    /** Every finding so far, kept or left out: what a comparison uses to tell whether it found anything. */
    int findings() {
        return findings;
    }

    private void add(String className, Kind kind, String text) {
        findings++;
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

    /** The number of findings the scope left out. */
    int leftOut() {
        return leftOut.values().stream().mapToInt(Integer::intValue).sum();
    }

    /**
     * What the scope left out, one line: the number of findings, and each class with its count, in
     * name order.
     */
    String leftOutLine() {
        StringBuilder line = new StringBuilder(leftOut() + " finding(s) in " + leftOut.size() + " class(es)");
        String separator = ": ";
        for (Map.Entry<String, Integer> entry : leftOut.entrySet()) {
            line.append(separator).append(entry.getKey()).append(" (").append(entry.getValue()).append(')');
            separator = ", ";
        }
        return line.toString();
    }

    /** The counts, one line. */
    String totals() {
        return count(Kind.CHANGED) + " changed method(s), " + count(Kind.CARRIED) + " carried, "
                + count(Kind.REFUSED) + " refused, " + count(Kind.NOTE) + " note(s); " + compared
                + " class(es) compared, " + identical + " identical";
    }
}
