package io.jlivepatch.build;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * One build: compares every class of the two versions, reports every difference, and generates the
 * replacement classes of the changed ones.
 *
 * <p>Not thread-safe; one instance per build.
 */
final class PatchBuild {

    /**
     * What a build produced.
     *
     * @param report every difference, classified
     * @param classes the replacement classes, by binary name (meaningless if the report refuses)
     */
    record Result(Report report, Map<String, byte[]> classes) {}

    private PatchBuild() {}

    static Result run(Program old, Program now) {
        Versions versions = Versions.of(old, now);
        Report report = new Report();
        Map<String, byte[]> classes = new TreeMap<>();
        java.util.Set<String> carried = new java.util.HashSet<>();
        for (String oldName : old.names()) {
            if (old.isSwitchMap(oldName)) {
                continue; // compared where the code that reads it is
            }
            String newName = versions.correspondence().newName(oldName);
            if (newName == null) {
                report.note(oldName, "removed " + (old.isNumbered(oldName) ? "anonymous or local class " : "class ")
                        + Program.dotted(oldName) + ": it stays loaded where it is loaded, unused by the new code");
                continue;
            }
            if (newName.equals(oldName) && Arrays.equals(old.bytes(oldName), now.bytes(newName))) {
                report.compared(true);
                continue;
            }
            ClassComparison.Changes changes = new ClassComparison(old.node(oldName), now.node(newName),
                    versions.oldNaming(), versions.newNaming(), report).compare();
            if (changes != null && !changes.funcs().isEmpty()) {
                ReplacementClassGenerator replacement = new ReplacementClassGenerator(versions, report, changes);
                classes.put(replacement.binaryName(), replacement.generate());
                carried.addAll(replacement.carriedClasses());
            }
        }
        for (String newName : now.names()) {
            String oldName = versions.correspondence().oldName(newName);
            if (now.isSwitchMap(newName) || (!Correspondence.isUnmatched(oldName) && old.contains(oldName))
                    || carried.contains(newName)) {
                continue;
            }
            String where = now.enclosingClass(newName);
            report.refused(newName, "new " + (now.isNumbered(newName) ? "anonymous or local class " : "class ")
                    + Program.dotted(newName) + (now.isNumbered(newName) && where != null ? " (in " + Program.dotted(where) + ")"
                    : "") + ": a patch adds a class only where changed code creates it (new X(...)) and uses it through"
                    + " its superclass or interfaces");
        }
        return new Result(report, classes);
    }
}
