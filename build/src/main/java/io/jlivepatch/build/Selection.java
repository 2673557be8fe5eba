package io.jlivepatch.build;

import java.util.List;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * What part of the difference between two versions a build keeps: everything, or what the
 * {@code --only} selectors name less what the {@code --exclude} ones name. Classes the compiler
 * numbered (anonymous and local) belong to the method they are written in, so selecting a method
 * selects the anonymous classes it creates.
 *
 * <p>Immutable and thread-safe; the scope it makes for one build reads that build's programs.
 *
 * @param only what to keep; empty for everything
 * @param exclude what to leave out of that
 */
record Selection(List<Selector> only, List<Selector> exclude) {

    static final Selection ALL = new Selection(List.of(), List.of());

    Selection {
        only = List.copyOf(only);
        exclude = List.copyOf(exclude);
    }

    boolean isAll() {
        return only.isEmpty() && exclude.isEmpty();
    }

    /**
     * The first selector that names nothing in either version (a class neither has, or a method its
     * class lacks in both), with why; {@code null} when each names something.
     */
    String unmatched(Program old, Program now) {
        for (List<Selector> selectors : List.of(only, exclude)) {
            for (Selector selector : selectors) {
                String why = why(selector, old, now);
                if (why != null) {
                    return (selectors == only ? "--only " : "--exclude ") + selector + " matches nothing: " + why;
                }
            }
        }
        return null;
    }

    private static String why(Selector selector, Program old, Program now) {
        String internal = selector.className().replace('.', '/');
        if (!old.contains(internal) && !now.contains(internal)) {
            return "neither version has class " + selector.className();
        }
        if (selector.isClass()) {
            return null;
        }
        for (Program version : List.of(old, now)) {
            ClassNode node = version.node(internal);
            if (node != null) {
                for (MethodNode method : node.methods) {
                    if (selector.selectsMethod(selector.className(), method.name, method.desc)) {
                        return null;
                    }
                }
            }
        }
        return "neither version of " + selector.className() + " has method " + selector.method()
                + (selector.descriptor() == null ? "" : selector.descriptor());
    }

    /** The scope of one build: which report lines (class, member) the selection keeps. */
    Report.Scope scope(Program old, Program now) {
        if (isAll()) {
            return Report.Scope.ALL;
        }
        return (dottedClass, member) -> keeps(old, now, dottedClass, member);
    }

    /** Whether the selection keeps the declarations ({@code member} empty) or a method of a class of {@code version}. */
    boolean keeps(Program version, String dottedClass, String member) {
        return (only.isEmpty() || matches(only, version, dottedClass, member, 0))
                && !matches(exclude, version, dottedClass, member, 0);
    }

    private boolean keeps(Program old, Program now, String dottedClass, String member) {
        // report lines name old classes, except classes only the new version has
        return keeps(old.contains(dottedClass.replace('.', '/')) ? old : now, dottedClass, member);
    }

    /** Whether an {@code --only} selector names one method of {@code dottedClass} with its descriptor. */
    boolean namesMethodsOf(String dottedClass) {
        for (Selector selector : only) {
            if (selector.descriptor() != null && selector.className().equals(dottedClass)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether an {@code --only} selector names the method {@code name + desc} of {@code dottedClass}
     * with its descriptor ({@code Class#method(descriptor)}: one method, not through its class or
     * its name alone), and no {@code --exclude} selector leaves it out: such a method is patched even
     * when its code is the same. Without the descriptor an unchanged overload is not added, so that
     * {@code Class#method} never grows a patch by the overloads the fix did not touch.
     */
    boolean namesByName(String dottedClass, String name, String desc) {
        boolean named = false;
        for (Selector selector : only) {
            named |= selector.descriptor() != null && selector.selectsMethod(dottedClass, name, desc);
        }
        for (Selector selector : exclude) {
            named &= !selector.selectsMethod(dottedClass, name, desc);
        }
        return named;
    }

    /** Whether the method {@code name + desc} of {@code dottedClass} is named by an {@code --exclude} selector itself. */
    boolean isExcludedByName(String dottedClass, String name, String desc) {
        for (Selector selector : exclude) {
            if (!selector.isClass() && selector.selectsMethod(dottedClass, name, desc)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(List<Selector> selectors, Program version, String dottedClass, String member, int depth) {
        int paren = member.indexOf('(');
        for (Selector selector : selectors) {
            if (member.isEmpty() ? selector.isClass() && selector.coversClass(dottedClass)
                    : selector.selectsMethod(dottedClass, member.substring(0, paren), member.substring(paren))) {
                return true;
            }
        }
        // an anonymous or local class is part of the method it is written in
        String internal = dottedClass.replace('.', '/');
        ClassNode node = depth < 16 && version.isNumbered(internal) ? version.node(internal) : null;
        if (node != null && node.outerClass != null && node.outerMethod != null) {
            return matches(selectors, version, Program.dotted(node.outerClass), node.outerMethod + node.outerMethodDesc,
                    depth + 1);
        }
        return false;
    }
}
