package io.jlivepatch.build;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.objectweb.asm.commons.Remapper;

/**
 * The classes the new version adds that one replacement class carries: each is prepared once (by
 * {@link AddedClasses}) as a class file the replacement class defines as a hidden nestmate when its
 * code first creates one. A class that cannot be carried is refused once, and stays refused, so
 * that every later creation of it is left alone rather than reported again.
 *
 * <p>Not thread-safe; one instance per replacement class.
 */
final class CarriedClasses {

    private final Versions versions;
    private final Remapper toOld;
    private final Report report;
    private final String target;
    private final String carrier;
    private final RunningMembers members;
    private final Consumer<String> refuse;
    /** Name in the new version -> class file pieces. */
    private final Map<String, List<String>> carried = new LinkedHashMap<>();
    private final Set<String> uncarriable = new HashSet<>();

    /**
     * @param target the running class the replacement class patches (internal name)
     * @param carrier the binary name of the replacement class
     * @param members checks what the carried classes' code uses, as for the replacement class's own code
     * @param refuse takes the message of a refusal
     */
    CarriedClasses(Versions versions, Remapper toOld, Report report, String target, String carrier,
            RunningMembers members, Consumer<String> refuse) {
        this.versions = versions;
        this.toOld = toOld;
        this.report = report;
        this.target = target;
        this.carrier = carrier;
        this.members = members;
        this.refuse = refuse;
    }

    /** The carried classes (internal names of the new version). */
    Set<String> names() {
        return carried.keySet();
    }

    /**
     * The class file (in constant-pool-sized pieces) of a class the new version adds, prepared to be
     * defined as a hidden nestmate by the replacement class; {@code null}, with the refusal
     * reported, when it cannot be carried.
     */
    AddedClasses.Carried carry(String added) {
        List<String> pieces = carried.get(added);
        if (pieces != null) {
            return new AddedClasses.Carried(pieces, superclassOf(added));
        }
        if (uncarriable.contains(added)) {
            return null;
        }
        AddedClasses preparer = new AddedClasses(versions, toOld);
        List<String> problems = new ArrayList<>();
        if (!Program.packageOf(added).equals(Program.packageOf(target))) {
            problems.add("it is in another package than " + Program.dotted(target));
        }
        byte[] classFile = problems.isEmpty()
                ? preparer.prepare(added, problems, members::renamedAccessor, members::linkCheck) : null;
        if (!problems.isEmpty()) {
            uncarriable.add(added);
            refuse.accept("creates new class " + Program.dotted(added) + ", which cannot be carried: "
                    + String.join("; ", problems));
            return null;
        }
        pieces = AddedClasses.pieces(classFile);
        carried.put(added, pieces);
        report.carried(Program.dotted(target), "new class " + Program.dotted(added) + " as a hidden nestmate that "
                + carrier + " defines when it first creates one");
        return new AddedClasses.Carried(pieces, superclassOf(added));
    }

    private String superclassOf(String added) {
        return toOld.map(versions.now().node(added).superName);
    }
}
