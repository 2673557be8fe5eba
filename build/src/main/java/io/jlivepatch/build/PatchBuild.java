package io.jlivepatch.build;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

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
        return run(old, now, Selection.ALL);
    }

    /**
     * Builds what {@code selection} keeps: the funcs it selects, with what their code needs carried
     * (changed private methods they call among it); every other finding is counted as left out.
     */
    static Result run(Program old, Program now, Selection selection) {
        Versions versions = Versions.of(old, now);
        Report report = new Report(selection.scope(old, now));
        Map<String, byte[]> classes = new TreeMap<>();
        Set<String> carried = new HashSet<>();
        for (String oldName : old.names()) {
            if (old.isSwitchMap(oldName)) {
                continue; // compared where the code that reads it is
            }
            String newName = versions.correspondence().newName(oldName);
            if (newName == null) {
                report.note(oldName, Report.DECLARATIONS, "removed "
                        + (old.isNumbered(oldName) ? "anonymous or local class " : "class ") + Program.dotted(oldName)
                        + ": it stays loaded where it is loaded, unused by the new code");
                continue;
            }
            boolean namesMethods = selection.namesMethodsOf(Program.dotted(oldName));
            if (newName.equals(oldName) && Arrays.equals(old.bytes(oldName), now.bytes(newName)) && !namesMethods) {
                report.compared(true);
                continue;
            }
            ClassComparison.Changes changes = new ClassComparison(old.node(oldName), now.node(newName),
                    versions.oldNaming(), versions.newNaming(), report).compare();
            if (changes == null && namesMethods) {
                changes = new ClassComparison.Changes(oldName, newName, List.of());
            }
            changes = changes == null ? null : selected(changes, versions, report, selection);
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
            if (!selection.keeps(now, Program.dotted(newName), Report.DECLARATIONS)) {
                report.leftOut(newName);
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

    /** The changes of one class that the selection keeps, and the changed private methods they may need. */
    private static ClassComparison.Changes selected(ClassComparison.Changes changes, Versions versions, Report report,
                                                    Selection selection) {
        if (selection.isAll()) {
            return changes;
        }
        List<MethodNode> funcs = new ArrayList<>();
        Set<MethodNode> helpers = new HashSet<>();
        Set<MethodNode> leftOut = new HashSet<>();
        String target = Program.dotted(changes.target());
        for (MethodNode func : changes.funcs()) {
            String desc = versions.newNaming().methodDescriptor(func.desc);
            if (report.keeps(target, func.name + desc)) {
                funcs.add(func);
            } else if ((func.access & Opcodes.ACC_PRIVATE) != 0
                    && !selection.isExcludedByName(target, func.name, desc)) {
                helpers.add(func); // copied only if a selected func's code calls it
            } else {
                leftOut.add(func);
            }
        }
        selectedByName(changes, versions, report, selection, funcs);
        return new ClassComparison.Changes(changes.target(), changes.newName(), funcs, helpers, leftOut);
    }

    /**
     * Adds the unchanged methods a selector names with a descriptor ({@code Class#method(desc)}): a caller kept on one side
     * of a fix that changes a contract between its callees (docs/build.md, the guide). Methods
     * without code to patch (abstract, native, constructors, initialisers) and those the old class
     * lacks are not added.
     */
    private static void selectedByName(ClassComparison.Changes changes, Versions versions, Report report,
                                       Selection selection, List<MethodNode> funcs) {
        String target = Program.dotted(changes.target());
        ClassNode oldClass = versions.old().node(changes.target());
        for (MethodNode method : versions.now().node(changes.newName()).methods) {
            String desc = versions.newNaming().methodDescriptor(method.desc);
            if (funcs.contains(method) || changes.funcs().contains(method) || Program.isNumbered(method)
                    || method.name.startsWith("<") || (method.access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0
                    || Program.method(oldClass, method.name, desc) == null
                    || !selection.namesByName(target, method.name, desc)) {
                continue;
            }
            funcs.add(method);
            report.selectedUnchanged(target, method.name + desc);
        }
    }
}
