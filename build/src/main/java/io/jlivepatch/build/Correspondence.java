package io.jlivepatch.build;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Which class of the new version is which class of the old one. Named classes correspond by name.
 * Anonymous and local classes are numbered by the compiler in source order, so a fix that adds one
 * renumbers the rest: they correspond by content first (same code, whatever the number), then,
 * among those left in the same enclosing method with the same supertypes, by being the only one
 * left on both sides (the same class, changed). A new anonymous class without a counterpart gets a
 * name no old class has ({@code new:...}), so code that creates it never compares equal to code that
 * created another.
 *
 * <p>Immutable after construction; not thread-safe to construct.
 */
final class Correspondence {

    private static final String NEW = "new:";

    /** New numbered class -> old name. */
    private final Map<String, String> toOld = new HashMap<>();
    /** Old numbered class -> new name. */
    private final Map<String, String> toNew = new HashMap<>();
    private final Program oldVersion;
    private final Program newVersion;

    Correspondence(Program oldVersion, Program newVersion) {
        this.oldVersion = oldVersion;
        this.newVersion = newVersion;
        match();
    }

    /** The old name of a new-version class: itself for named classes, {@code new:...} for unmatched numbered ones. */
    String oldName(String newName) {
        String mapped = toOld.get(newName);
        if (mapped != null) {
            return mapped;
        }
        if (newVersion.isNumbered(newName)) {
            return NEW + newName;
        }
        return newName;
    }

    /** The new-version counterpart of an old class, or {@code null} when it has none. */
    String newName(String oldName) {
        if (oldVersion.isNumbered(oldName)) {
            return toNew.get(oldName);
        }
        return newVersion.contains(oldName) ? oldName : null;
    }

    /** Whether a name returned by {@link #oldName} stands for a class the old version lacks. */
    static boolean isUnmatched(String mappedName) {
        return mappedName.startsWith(NEW);
    }

    private void match() {
        Map<String, List<String>> oldGroups = groups(oldVersion);
        Map<String, List<String>> newGroups = groups(newVersion);
        // Outer classes first, so that an anonymous class inside an anonymous class finds its group.
        List<String> enclosing = new ArrayList<>(newGroups.keySet());
        enclosing.sort(Comparator.comparingInt(String::length).thenComparing(Comparator.naturalOrder()));
        for (String newOuter : enclosing) {
            String oldOuter = toOld.getOrDefault(newOuter, newOuter);
            List<String> olds = new ArrayList<>(oldGroups.getOrDefault(oldOuter, List.of()));
            List<String> news = new ArrayList<>(newGroups.get(newOuter));
            matchByContent(olds, news);
            matchTheOnlyOnes(olds, news);
        }
    }

    private void matchByContent(List<String> olds, List<String> news) {
        Map<String, String> oldKeys = new LinkedHashMap<>();
        for (String old : olds) {
            oldKeys.put(old, key(oldVersion, old));
        }
        for (String candidate : new ArrayList<>(news)) {
            String key = key(newVersion, candidate);
            for (String old : olds) {
                if (key.equals(oldKeys.get(old))) {
                    pair(old, candidate);
                    olds.remove(old);
                    news.remove(candidate);
                    break;
                }
            }
        }
    }

    /** Among the unmatched, those alone in their (enclosing method, supertypes) on both sides are the same class, changed. */
    private void matchTheOnlyOnes(List<String> olds, List<String> news) {
        Map<String, List<String>> oldBySlot = new TreeMap<>();
        Map<String, List<String>> newBySlot = new TreeMap<>();
        olds.forEach(c -> oldBySlot.computeIfAbsent(slot(oldVersion, c), k -> new ArrayList<>()).add(c));
        news.forEach(c -> newBySlot.computeIfAbsent(slot(newVersion, c), k -> new ArrayList<>()).add(c));
        oldBySlot.forEach((slot, list) -> {
            List<String> others = newBySlot.get(slot);
            if (list.size() == 1 && others != null && others.size() == 1) {
                pair(list.get(0), others.get(0));
            }
        });
    }

    private void pair(String old, String candidate) {
        toOld.put(candidate, old);
        toNew.put(old, candidate);
    }

    /** Numbered classes by the class they were written in. */
    private static Map<String, List<String>> groups(Program version) {
        Map<String, List<String>> groups = new TreeMap<>();
        for (String name : version.names()) {
            if (version.isNumbered(name)) {
                String outer = Objects.requireNonNullElse(version.enclosingClass(name), "");
                groups.computeIfAbsent(outer, k -> new ArrayList<>()).add(name);
            }
        }
        return groups;
    }

    private static String slot(Program version, String name) {
        ClassNode node = version.node(name);
        return node.outerMethod + node.outerMethodDesc + " extends " + node.superName + " implements " + node.interfaces;
    }

    /** The content of a numbered class, with every numbered class's name hidden (they may all be renumbered). */
    private static String key(Program version, String name) {
        ClassNode node = version.node(name);
        ContentNaming naming = new ContentNaming(version, type -> type.equals(name) ? "SELF"
                : version.isNumbered(type) ? "ANON" : type);
        StringBuilder key = new StringBuilder(slot(version, name)).append('\n').append(node.access).append('\n');
        for (FieldNode field : node.fields) {
            key.append(field.access).append(' ').append(field.name).append(naming.fieldDescriptor(field.desc)).append('\n');
        }
        List<MethodNode> methods = new ArrayList<>(node.methods);
        methods.removeIf(Program::isNumbered); // their content shows where they are used
        methods.sort(Comparator.comparing((MethodNode m) -> m.name).thenComparing(m -> m.desc));
        for (MethodNode method : methods) {
            key.append(naming.text(method));
        }
        return key.toString();
    }
}
